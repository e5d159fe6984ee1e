package sc.fiji.cmems.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The engine (and the pure io and phantom parts it uses) knows nothing of SciJava or ImageJ. */
class ArchitectureTest {

	@Test
	void engineImportsNoScijavaOrImagej() throws IOException {
		final List<String> offenders = new ArrayList<>();
		for (final String pkg : new String[] { "engine", "io/imglib2", "phantom" }) {
			final Path root = Paths.get("src/main/java/sc/fiji/cmems").resolve(pkg);
			assertTrue(Files.isDirectory(root), root + " exists");
			try (Stream<Path> files = Files.walk(root)) {
				for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator)
					for (final String line : Files.readAllLines(f))
						if (line.startsWith("import") && (line.contains("org.scijava") || line.contains(" ij.") || line.contains("net.imagej") || line.contains("sc.fiji.cmems.commands")))
							offenders.add(f + ": " + line);
			}
		}
		assertTrue(offenders.isEmpty(), "engine imports UI code: " + offenders);
	}

	/** The jobs and the training window are what the commands do; they must be testable without a SciJava context. */
	@Test
	void jobsAndUiImportNoScijava() throws IOException {
		final List<String> offenders = new ArrayList<>();
		for (final String pkg : new String[] { "jobs", "ui" }) {
			final Path root = Paths.get("src/main/java/sc/fiji/cmems").resolve(pkg);
			assertTrue(Files.isDirectory(root), root + " exists");
			try (Stream<Path> files = Files.walk(root)) {
				for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator)
					for (final String line : Files.readAllLines(f))
						if (line.startsWith("import") && (line.contains("org.scijava") || line.contains("sc.fiji.cmems.commands")))
							offenders.add(f + ": " + line);
			}
		}
		assertTrue(offenders.isEmpty(), "SciJava in jobs/ui: " + offenders);
	}
}
