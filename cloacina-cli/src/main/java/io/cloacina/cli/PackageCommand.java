package io.cloacina.cli;

import io.cloacina.packaging.ArchiveLayout;
import io.cloacina.packaging.PackageArchiver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "package", mixinStandardHelpOptions = true,
        // One element per line, each short enough not to be wrapped (picocli would break "manifest.json").
        description = {"Writes a package folder as a .cloacina archive and prints the archive's path.",
                "A package.toml package goes in one {name}-{version}/ folder, as Cloacina's",
                "own packer writes it (Cloacina finds package.toml only there); a",
                "manifest.json package stays at the archive's root. The tar is bzip2-",
                "compressed; folders named target or .git are left out."})
final class PackageCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE_DIR", description = "The package folder.")
    Path source;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = {"The archive to write, replaced if it exists.",
                    "Default: {name}-{version}.cloacina in the",
                    "current folder (or in FILE, if it is a folder)."})
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = {"cloacina or manifest. Default: cloacina for a",
                    "package with package.toml, else manifest."})
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ArchiveLayout layout = layout();
        if (!Files.isDirectory(source)) {
            throw new UserError(ExitCodes.BAD_INPUT, source + ": " + (Files.exists(source)
                    ? "not a folder: package takes the package's folder" : "no such folder"));
        }
        PackageArchiver archiver = new PackageArchiver();
        Path target = output == null ? Path.of(archiver.defaultFileName(source))
                : Files.isDirectory(output) ? output.resolve(archiver.defaultFileName(source)) : output;
        target = target.toAbsolutePath().normalize();
        Path folder = source.toAbsolutePath().normalize();
        if (target.startsWith(folder)) {
            throw new UserError(ExitCodes.BAD_INPUT, "the archive " + target + " would be inside the package "
                    + folder + " (and end up in the next archive): give -o with a file outside it");
        }
        Path parent = target.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError(ExitCodes.BAD_INPUT, "cannot write " + target + ": no such folder " + parent);
        }
        archiver.archive(source, target, layout);
        PrintWriter out = spec.commandLine().getOut();
        out.println(target);
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code null} when --format is not given: the archiver chooses from the package's manifest. */
    private ArchiveLayout layout() {
        if (format == null) {
            return null;
        }
        return switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "cloacina" -> ArchiveLayout.CLOACINA;
            case "manifest" -> ArchiveLayout.MANIFEST;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format must be cloacina or manifest, found '" + format + "'");
        };
    }
}
