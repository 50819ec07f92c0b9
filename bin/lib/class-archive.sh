# Sourced by bin/cloacina: a class-data archive for the CLI, so that a run maps the classes it needs (picocli,
# Jackson, the runner, the backends; ~2,500 classes) from one file instead of loading, parsing and verifying
# them from the jars on every start. It roughly halves the JVM's share of a `cloacina run` on a small machine
# (docs/perf/notes.md, "Cold start").
#
# The archive is recorded by one training run (a two-task workflow, bin/lib/cds-training, run on the subprocess
# and the Jep backends in one JVM by io.cloacina.cli.ArchiveTraining, so that both backends' classes are in it;
# Jep's are simply missing when it is not installed) right after a build, and again whenever it is older than
# the CLI's jar or its lib/ folder, or was made by another JDK. JDK 25+ writes an AOT cache (-XX:AOTCacheOutput: classes loaded *and linked*, plus
# method profiles); JDK 21-24 a dynamic CDS archive (-XX:ArchiveClassesAtExit). The JVM checks the jars'
# sizes and dates against the archive at every start and ignores an archive that does not match, so a stale
# or broken one only costs speed, never correctness. CLOACINA_CLASS_ARCHIVE=0 turns all of this off;
# CLOACINA_CLASS_ARCHIVE=cds uses a dynamic CDS archive even on JDK 25+ (to compare the two).
#
# Expects ROOT, JAR, JAVA_HOME, CLOACINA_JAVA_MAJOR (bin/lib/jdk.sh) and the JVM_FLAGS array; appends the
# flags that use the archive to JVM_FLAGS.

cloacina_archive_file() {
    local jdk
    jdk="$(cloacina_release_value "$JAVA_HOME/release" JAVA_RUNTIME_VERSION)"
    [ -n "$jdk" ] || jdk="${JAVA_HOME##*/}"
    if [ "$CLOACINA_JAVA_MAJOR" -ge 25 ] && [ "${CLOACINA_CLASS_ARCHIVE:-}" != cds ]; then
        echo "$ROOT/cloacina-cli/target/class-archive/cloacina-cli-$jdk.aot"
    else
        echo "$ROOT/cloacina-cli/target/class-archive/cloacina-cli-$jdk.jsa"
    fi
}

cloacina_archive_stale() { # $1 = archive
    local made="$1"
    if [ ! -f "$made" ]; then
        # A training run that wrote nothing is not retried at every start, only after the next build.
        [ -f "$1.failed" ] || return 0
        made="$1.failed"
    fi
    [ "$JAR" -nt "$made" ] && return 0
    [ "$ROOT/cloacina-cli/target/lib" -nt "$made" ] && return 0
    [ -n "$(find "$ROOT/cloacina-cli/target/lib" -name '*.jar' -newer "$made" -print -quit)" ]
}

# Records the archive with a training run; quiet, bounded, and never fatal (without an archive the CLI just
# starts slower). Concurrent launchers each write their own temporary file and the last rename wins.
cloacina_archive_record() { # $1 = archive
    local archive="$1" tmp record_flags
    mkdir -p "${archive%/*}" 2>/dev/null || return 0
    tmp="$archive.$$.tmp"
    if [[ "$archive" == *.aot ]]; then
        record_flags=(-XX:AOTCacheOutput="$tmp" -Xlog:aot=off -Xlog:cds=off)
    else
        record_flags=(-XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
    # Only a person at a terminal is told (the run takes a few seconds longer); scripts see no extra line.
    if [ -t 2 ]; then
        echo "cloacina: recording a class-data archive for faster starts (once per build)..." >&2
    fi
    local bounded=()
    if command -v timeout >/dev/null 2>&1; then
        bounded=(timeout 120)
    fi
    # The training run's result does not matter (no python3 here: it still records picocli, Jackson, ...). The
    # class path is the jar alone, as with -jar at every start: the JVM ignores an archive made for another.
    ${bounded[@]+"${bounded[@]}"} "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" "${record_flags[@]}" -Dcloacina.stderrIsTerminal=false \
        -cp "$JAR" io.cloacina.cli.ArchiveTraining "$ROOT/bin/lib/cds-training" subprocess jep \
        </dev/null >/dev/null 2>&1 || true
    if [ -s "$tmp" ] && mv -f "$tmp" "$archive" 2>/dev/null; then
        rm -f "$archive.failed"
    else
        # Nothing usable: drop a stale archive too, so that the marker decides until the next build.
        rm -f "$tmp" "$archive"
        { : > "$archive.failed"; } 2>/dev/null || true
    fi
    rm -f "$tmp.config"
}

if [ "${CLOACINA_CLASS_ARCHIVE:-1}" != 0 ]; then
    CLOACINA_ARCHIVE="$(cloacina_archive_file)"
    if cloacina_archive_stale "$CLOACINA_ARCHIVE"; then
        cloacina_archive_record "$CLOACINA_ARCHIVE"
    fi
    if [ -f "$CLOACINA_ARCHIVE" ]; then
        # -Xlog:...=off: a mismatched archive is ignored silently instead of printing on every start.
        if [[ "$CLOACINA_ARCHIVE" == *.aot ]]; then
            JVM_FLAGS+=(-XX:AOTCache="$CLOACINA_ARCHIVE" -Xlog:aot=off -Xlog:cds=off -Xlog:cds+dynamic=off)
        else
            JVM_FLAGS+=(-XX:SharedArchiveFile="$CLOACINA_ARCHIVE" -Xlog:cds=off -Xlog:cds+dynamic=off)
        fi
    fi
fi
