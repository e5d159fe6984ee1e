package sc.fiji.cmems.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The house rules: the engine (and the phantom) knows nothing of SciJava or
 * ImageJ, and nothing of the layers around it; no two packages depend on each
 * other, directly or through others (read from the compiled classes).
 */
class ArchitectureTest {

	private static final Path CLASSES = Paths.get("target/classes");

	@Test
	void noPackageCycles() throws IOException {
		final PackageGraph graph = PackageGraph.of(CLASSES);
		assertTrue(graph.edges.size() > 20, "the project's packages were found in " + CLASSES.toAbsolutePath() + ": " + graph.edges.keySet());
		final StringBuilder sb = new StringBuilder();
		for (final Set<String> cycle : graph.cycles()) sb.append("these packages depend on each other: ").append(cycle).append('\n').append(graph.describe(cycle));
		assertTrue(sb.length() == 0, sb.toString());
	}

	/** The engine is the core: it uses nothing of io, the jobs, the commands, the command line, the UI, the reports or the benchmarks. */
	@Test
	void engineDependsOnNothingAroundIt() throws IOException {
		final PackageGraph graph = PackageGraph.of(CLASSES);
		final List<String> offenders = new ArrayList<>();
		for (final Map.Entry<String, Map<String, String>> e : graph.edges.entrySet())
			if (e.getKey().startsWith("engine")) for (final Map.Entry<String, String> to : e.getValue().entrySet())
				if (!to.getKey().startsWith("engine")) offenders.add(e.getKey() + " -> " + to.getKey() + " (" + to.getValue() + ")");
		assertTrue(offenders.isEmpty(), "the engine reaches out of itself:\n" + String.join("\n", offenders));
	}

	@Test
	void engineImportsNoScijavaOrImagej() throws IOException {
		final List<String> offenders = new ArrayList<>();
		for (final String pkg : new String[] { "engine", "phantom" }) {
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
