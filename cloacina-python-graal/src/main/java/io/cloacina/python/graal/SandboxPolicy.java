package io.cloacina.python.graal;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What Python code in a GraalPy context may reach beyond its own package. {@link #SANDBOXED}, the default,
 * allows nothing: no Java classes or other polyglot languages, no processes, no sockets, and files only
 * read-only under the package's own folder, the {@code cloaca} module and GraalPy's standard library.
 *
 * @param hostAccess Java classes ({@code import java}, {@code java.type}) and polyglot evaluation
 * @param processes  {@code subprocess}, {@code os.system}, ... (and the process environment, which a child
 *                   process needs)
 * @param network    host sockets (and with them asyncio's stock event loop)
 * @param hostFiles  reading and writing any host file, not only the package's own, read-only
 * @param writableFolders folders whose files Python may also create, write and delete (an output or scratch
 *                   folder), without opening the rest of the file system
 */
public record SandboxPolicy(boolean hostAccess, boolean processes, boolean network, boolean hostFiles,
                            List<Path> writableFolders) {

    /** The system property an embedder can set instead of passing a policy: a comma-separated list. */
    public static final String PROPERTY = "cloacina.graal.allow";

    /** The system property naming writable folders, separated by the platform's path separator. */
    public static final String WRITABLE_PROPERTY = "cloacina.graal.writable";

    public static final SandboxPolicy SANDBOXED = new SandboxPolicy(false, false, false, false);
    public static final SandboxPolicy TRUSTED = new SandboxPolicy(true, true, true, true);

    public SandboxPolicy {
        writableFolders = List.copyOf(writableFolders);
    }

    public SandboxPolicy(boolean hostAccess, boolean processes, boolean network, boolean hostFiles) {
        this(hostAccess, processes, network, hostFiles, List.of());
    }

    /** This policy, plus folders Python may write in. */
    public SandboxPolicy withWritableFolders(List<Path> folders) {
        return new SandboxPolicy(hostAccess, processes, network, hostFiles, folders);
    }

    /** Whether this is a sandbox in the sense of {@link io.cloacina.spi.Capability#SANDBOX}. */
    public boolean deniesHostAccessAndProcesses() {
        return !hostAccess && !processes;
    }

    /**
     * Parses the value of {@value #PROPERTY}: empty or {@code none} = {@link #SANDBOXED}, {@code all} =
     * {@link #TRUSTED}, else any of {@code host-access, processes, network, files}.
     *
     * @throws IllegalArgumentException for an unknown word, naming the property
     */
    public static SandboxPolicy parse(String allowList) {
        if (allowList == null || allowList.isBlank() || allowList.trim().equalsIgnoreCase("none")) {
            return SANDBOXED;
        }
        boolean hostAccess = false;
        boolean processes = false;
        boolean network = false;
        boolean files = false;
        for (String word : allowList.split(",")) {
            switch (word.trim().toLowerCase(Locale.ROOT)) {
                case "all" -> {
                    return TRUSTED;
                }
                case "host-access" -> hostAccess = true;
                case "processes" -> processes = true;
                case "network" -> network = true;
                case "files" -> files = true;
                case "" -> {
                }
                default -> throw new IllegalArgumentException("unknown permission '" + word.trim()
                        + "' in '" + allowList + "' (expected none, all, or a list of host-access, processes, network, files)");
            }
        }
        return new SandboxPolicy(hostAccess, processes, network, files);
    }

    /** The folders listed in a value of {@value #WRITABLE_PROPERTY} (empty entries ignored). */
    public static List<Path> parseFolders(String folders) {
        List<Path> paths = new ArrayList<>();
        if (folders != null) {
            for (String folder : folders.split(File.pathSeparator)) {
                if (!folder.isBlank()) {
                    paths.add(Path.of(folder.trim()));
                }
            }
        }
        return paths;
    }
}
