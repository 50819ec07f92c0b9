# Sourced by bin/ scripts: exports JAVA_HOME as a JDK >= 21 (JAVA_HOME if it is one, else the newest in
# the system's JVM folder) and puts it first on PATH. Prints one line and fails when there is none.

cloacina_release_value() {
    # Prints the value of KEY="value" in the JDK's release file $1 ($2 = KEY), or nothing. Bash builtins only:
    # the launcher reads it several times per start, and a sed each time cost ~3 ms.
    local line
    [ -f "$1" ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            "$2="*) line="${line#"$2="}"; line="${line#\"}"; printf '%s' "${line%\"}"; return 0 ;;
        esac
    done < "$1"
}

cloacina_java_major() {
    # Prints the feature version of the JDK at $1, or nothing.
    local version
    [ -x "$1/bin/javac" ] || return 0
    version="$(cloacina_release_value "$1/release" JAVA_VERSION)"
    version="${version%%[!0-9]*}"
    printf '%s' "$version"
}

cloacina_find_jdk() {
    local wanted=21 candidate major best="" best_major=0
    if [ -n "${JAVA_HOME:-}" ]; then
        major=$(cloacina_java_major "$JAVA_HOME")
        if [ -n "$major" ] && [ "$major" -ge "$wanted" ]; then
            echo "$JAVA_HOME"; return 0
        fi
    fi
    for candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk*; do
        [ -d "$candidate" ] || continue
        major=$(cloacina_java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge "$wanted" ] && [ "$major" -gt "$best_major" ]; then
            best="$candidate"; best_major="$major"
        fi
    done
    [ -n "$best" ] && echo "$best"
}

if ! CLOACINA_JDK=$(cloacina_find_jdk) || [ -z "$CLOACINA_JDK" ]; then
    echo "cloacina: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, searched /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk-headless'." >&2
    exit 1
fi
export JAVA_HOME="$CLOACINA_JDK"
# Its feature version, read once for the scripts that choose flags by it.
CLOACINA_JAVA_MAJOR="$(cloacina_java_major "$JAVA_HOME")"
export PATH="$JAVA_HOME/bin:$PATH"

# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every build.
if [ "$CLOACINA_JAVA_MAJOR" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
        *sun-misc-unsafe-memory-access*) ;;
        *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
fi
