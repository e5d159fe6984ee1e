package sc.fiji.cmems.ij1;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A plain ImageJ 1.x installation made for a test, laid out as a user installs
 * the plugin there: {@code plugins/CMEMS_Segmentation-<v>-ij1.jar} (the menu
 * entries, {@code src/main/ij1/plugins.config}; its name has the {@code _} that
 * makes ImageJ read it) and, in {@code plugins/jars/}, the main jar (built from
 * {@code target/classes}) and its runtime dependencies (links to the build's jars).
 * Or, for comparison, the main jar alone, without the menu-entries jar, as Fiji has it.
 */
final class ImageJInstallation {

	/** What a macro run printed, and its exit status. */
	static final class Run {

		final int status;
		final String out;

		Run(final int status, final String out) {
			this.status = status;
			this.out = out;
		}

		@Override
		public String toString() {
			return "exit " + status + ", output:\n" + out;
		}
	}

	/** Jars of the test class path that are not the plugin's runtime dependencies. */
	private static final List<String> TEST_ONLY = Arrays.asList("junit", "opentest4j", "apiguardian", "ij1-patcher", "javassist", "surefire", "jacoco");

	final Path root;

	private ImageJInstallation(final Path root) {
		this.root = root;
	}

	/**
	 * @param withMenuEntries true: with the {@code -ij1} jar (plain ImageJ); false: the main jar alone, and
	 *          right in {@code plugins/}, where ImageJ 1.x would read a plugins.config if it had one
	 */
	static ImageJInstallation create(final Path root, final boolean withMenuEntries) throws IOException {
		final Path plugins = Files.createDirectories(root.resolve("plugins"));
		final Path libraries = Files.createDirectories(plugins.resolve("jars"));
		jar(Paths.get("target/classes"), (withMenuEntries ? libraries : plugins).resolve("CMEMS_Segmentation-0.1.0.jar"));
		if (withMenuEntries) jar(Paths.get("src/main/ij1"), plugins.resolve("CMEMS_Segmentation-0.1.0-ij1.jar"));
		for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			final Path p = Paths.get(entry);
			final String name = p.getFileName().toString();
			if (!name.endsWith(".jar") || isImageJ(p) || TEST_ONLY.stream().anyMatch(name::contains)) continue;
			final Path link = libraries.resolve(name);
			if (!Files.exists(link)) Files.createSymbolicLink(link, p.toAbsolutePath());
		}
		return new ImageJInstallation(root);
	}

	/** Runs a macro file in a new JVM; ImageJ's class path is ij.jar and the patcher only. */
	Run runMacro(final Path macro, final String argument) throws IOException, InterruptedException {
		final List<String> classPath = new ArrayList<>();
		for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			final Path p = Paths.get(entry);
			if (isImageJ(p) || entry.contains("ij1-patcher") || entry.contains("javassist")) classPath.add(entry);
		}
		classPath.add(Paths.get("target/test-classes").toAbsolutePath().toString());
		final List<String> command = new ArrayList<>(Arrays.asList(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
			"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djava.awt.headless=true", "-Dplugins.dir=" + root.toAbsolutePath(), "-Dai.djl.offline=true",
			"-Dslf4j.internal.verbosity=ERROR", "-Djava.util.prefs.userRoot=" + root.resolve("prefs").toAbsolutePath(), "-Xmx2g", "-cp",
			String.join(File.pathSeparator, classPath), MacroRunner.class.getName(), macro.toAbsolutePath().toString(), argument));
		final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		final byte[] out = readAll(process);
		if (!process.waitFor(10, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("macro " + macro + " did not end within 10 minutes");
		}
		return new Run(process.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
	}

	private static byte[] readAll(final Process process) throws IOException {
		return process.getInputStream().readAllBytes();
	}

	private static boolean isImageJ(final Path jar) {
		return jar.toString().replace('\\', '/').contains("/net/imagej/ij/");
	}

	/** Packs a folder into a jar. */
	private static void jar(final Path folder, final Path jar) throws IOException {
		try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
			Files.walkFileTree(folder, new SimpleFileVisitor<Path>() {

				@Override
				public FileVisitResult visitFile(final Path f, final BasicFileAttributes attrs) throws IOException {
					out.putNextEntry(new JarEntry(folder.relativize(f).toString().replace(File.separatorChar, '/')));
					Files.copy(f, out);
					out.closeEntry();
					return FileVisitResult.CONTINUE;
				}
			});
		}
	}
}
