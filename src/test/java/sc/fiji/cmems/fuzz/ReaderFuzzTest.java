package sc.fiji.cmems.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.io.TestData;

/**
 * Mutated files against every reader and the model loader ({@link Fuzzer}):
 * each mutant must be read or refused with the project's own error, within
 * the time limit, with no escaped {@link Error}. CI-sized by default
 * ({@value #DEFAULT_MUTANTS} mutants per format); the long run is
 * <pre>
 * mvn -B test -Dtest=ReaderFuzzTest -Dfuzz.mutants=10000 [-Dfuzz.first=0] [-Dfuzz.targets=tiff,bundle] [-Dfuzz.findings=target/fuzz-findings]
 * </pre>
 * which prints the same table (BENCHMARKS.md, "Hostile files"). Bad mutants
 * are kept in the findings folder, named by format and mutant number.
 */
class ReaderFuzzTest {

	static final int DEFAULT_MUTANTS = 150;
	/** A read of one of these small files taking longer than this is a hang (the slowest clean read takes well under a second). */
	static final double HANG_SECONDS = 20;

	@Test
	void everyMutantIsReadOrRefusedCleanly(@TempDir final Path work) throws Exception {
		final int mutants = Integer.getInteger("fuzz.mutants", DEFAULT_MUTANTS);
		final long first = Long.getLong("fuzz.first", 0L);
		final String only = System.getProperty("fuzz.targets", "");
		final Path findings = Paths.get(System.getProperty("fuzz.findings", "target/fuzz-findings"));

		final List<FuzzTarget> targets = new ArrayList<>();
		final Path acdc = TestData.acdcDir();
		final Path nifti = TestData.niftiDir();
		targets.add(FuzzTargets.hdf5Slice(acdc));
		targets.add(FuzzTargets.hdf5Volume(acdc));
		targets.add(FuzzTargets.nifti(nifti));
		targets.add(FuzzTargets.niftiGz(nifti));
		targets.add(FuzzTargets.tiff(acdc, work));
		targets.add(FuzzTargets.tiffStack(acdc, work));
		targets.add(FuzzTargets.bundle(trainedBundle(work)));

		final Fuzzer fuzzer = new Fuzzer(Files.createDirectories(work.resolve("mutants")), findings, HANG_SECONDS);
		final StringBuilder table = new StringBuilder(Fuzzer.Report.header()).append('\n');
		final List<String> bad = new ArrayList<>();
		int runs = 0;
		for (final FuzzTarget target : targets) {
			if (!only.isEmpty() && !List.of(only.split(",")).contains(target.name)) continue;
			final Fuzzer.Report report = fuzzer.run(target, first, mutants);
			table.append(report.row()).append('\n');
			bad.addAll(report.findings);
			assertEquals(mutants, report.total(), "every mutant has an outcome");
			assertTrue(report.count(Fuzzer.Outcome.CLEAN_ERROR) > 0, target + ": no mutant was refused, so the mutations do not reach the reader");
			runs++;
		}
		System.out.println("Fuzzing, mutants " + first + " to " + (first + mutants - 1) + " per format:\n" + table);
		assertTrue(runs > 0, "no target matches fuzz.targets=" + only);
		assertTrue(bad.isEmpty(), bad.size() + " mutants hung, threw an Error or an unexpected exception (kept in " + findings.toAbsolutePath() + "):\n"
			+ String.join("\n", bad));
	}

	/**
	 * Mutants that once hung, threw an Error or an unexpected exception, found
	 * by longer runs: each must now be refused cleanly (or read).
	 */
	@Test
	void earlierFindingsAreHandled(@TempDir final Path work) throws Exception {
		final Path acdc = TestData.acdcDir();
		final Fuzzer fuzzer = new Fuzzer(Files.createDirectories(work.resolve("mutants")), work.resolve("findings"), HANG_SECONDS);
		final List<Fuzzer.Report> reports = new ArrayList<>();
		// a directory chain that loops (hang in ImageJ's TiffDecoder), a strip count beyond the file (OutOfMemoryError), pixels beyond the heap
		reports.add(fuzzer.run(FuzzTargets.tiff(acdc, work), 52, 340, 625, 859));
		// a zip entry name that is not UTF-8
		reports.add(fuzzer.run(FuzzTargets.bundle(trainedBundle(work)), 3, 29));
		for (final Fuzzer.Report r : reports) assertEquals(0, r.bad(), r.findings.toString());
	}

	/** The seed of the bundle target: a model trained for two iterations. */
	private static Path trainedBundle(final Path dir) throws IOException {
		final Path bundle = dir.resolve("seed.cmems");
		try (SegmentationModel m = new Trainer(TinyRuns.settings("cmems", 2)).train(ToyData.inputs(2, 32, 4, 0)).model()) {
			ModelBundle.write(m, bundle);
		}
		return bundle;
	}
}
