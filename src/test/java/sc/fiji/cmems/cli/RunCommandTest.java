package sc.fiji.cmems.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.commands.FijiTestData;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.ModelInfo;
import sc.fiji.cmems.jobs.Arguments;

/** {@code cmems run "<command>" "key=value,..."}: every Fiji command headless from the command line, and its errors. */
class RunCommandTest {

	@TempDir
	static Path dir;
	static FijiTestData data;

	@BeforeAll
	static void setUp() throws IOException {
		data = FijiTestData.create(dir.resolve("data"));
	}

	static final class Result {

		final int status;
		final String out, err;

		Result(final int status, final String out, final String err) {
			this.status = status;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "status " + status + "\nout: " + out + "\nerr: " + err;
		}
	}

	/** Runs {@code cmems run ...}, capturing what the command line and the command print. */
	static Result run(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final PrintStream systemOut = System.out;
		final String[] all = new String[args.length + 1];
		all[0] = "run";
		System.arraycopy(args, 0, all, 1, args.length);
		final int status;
		try {
			final PrintStream o = new PrintStream(out, true);
			System.setOut(o);
			status = Main.run(all, o, new PrintStream(err, true));
		}
		finally {
			System.setOut(systemOut);
		}
		return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void listsTheCommandsWithTheirParameters() {
		final Result r = run();
		assertEquals(0, r.status, r.toString());
		for (final String label : new String[] { "Train from Exemplar", "Segment Image", "Segment Folder", "Evaluate Segmentation", "Device Info" })
			assertTrue(r.out.contains("\"" + label + "\""), label + " listed:\n" + r.out);
		assertTrue(r.out.contains("skipexisting") && r.out.contains("unlabeledfolder"), r.out);
	}

	@Test
	void everyCommandRunsFromTheCommandLine() throws IOException {
		final Path model = dir.resolve("cli.cmems");
		Result r = run("Train from Exemplar", "exemplarfile=" + data.exemplar + ",labelsfile=" + data.exemplarLabels + ",unlabeledfolder=" + data.unlabeled
			+ ",filter=*.tif,model=" + model + ",iterations=2,imagesize=32,exemplarbatch=1,syntheticbatch=1,unlabeledbatch=2,device=cpu,classnames=[background, RV, Myo, LV]");
		assertEquals(0, r.status, r.toString());
		assertTrue(r.out.contains("it 2/2") && r.out.contains("Model written to"), r.out);
		final ModelInfo info = ModelBundle.readInfo(model);
		assertEquals("[background, RV, Myo, LV]", info.classNames.toString());

		final Path labels = dir.resolve("one-label-image.tif");
		r = run("Segment Image", "model=" + model + " image=" + data.testImages.resolve("case1.tif") + " device=cpu labels=" + labels);
		assertEquals(0, r.status, r.toString());
		final ImagePlus saved = IJ.openImage(labels.toString());
		assertEquals(FijiTestData.SIZE, saved.getWidth());
		assertTrue(saved.getStatistics().max < 4);

		final Path out = dir.resolve("cli-labels");
		r = run("Segment Folder", "model=" + model + ",input=" + data.testImages + ",output=" + out + ",device=cpu");
		assertEquals(0, r.status, r.toString());
		assertTrue(r.out.contains("segmented 3, skipped 0 (already done), failed 0 of 3 file(s)"), r.out);
		r = run("Segment Folder", "model=" + model + " input=" + data.testImages + " output=" + out + " skipexisting");
		assertTrue(r.out.contains("skipped 3"), "a bare key is true, as ImageJ macros record checkboxes:\n" + r.out);

		final Path csv = dir.resolve("cli.csv");
		r = run("Evaluate Segmentation", "predictionfolder=" + out + ",truthfolder=" + data.testTruth + ",csv=" + csv);
		assertEquals(0, r.status, r.toString());
		assertEquals(1 + 3 * 3, Files.readAllLines(csv).size());
		assertTrue(r.out.contains("mean Dice: class 1 ") && r.out.contains("(3 images)"), r.out);

		r = run("Device Info", "");
		assertEquals(0, r.status, r.toString());
		assertTrue(r.out.contains("Training would use:") && r.out.contains("Native library: libtorch"), r.out);
	}

	@Test
	void badParametersGiveTheirErrors() {
		Result r = run("Segment Folder", "model=" + data.model + ",input=" + data.testImages + ",output=" + dir.resolve("o") + ",skipexisitng=true");
		assertEquals(2, r.status);
		assertTrue(r.err.contains("has no parameter skipexisitng") && r.err.contains("skipexisting"), r.err);
		r = run("Train from Exemplar", "exemplarfile=" + data.exemplar + ",iterations=many");
		assertEquals(2, r.status);
		assertTrue(r.err.contains("iterations must be a whole number, was 'many'"), r.err);
		r = run("Train from Exemplar", "exemplarfile=" + data.exemplar + ",method=magic");
		assertEquals(2, r.status);
		assertTrue(r.err.contains("method must be one of " + TrainingMethods.offeredNames() + ", was 'magic'"), r.err);
		r = run("Segment Everything", "");
		assertEquals(2, r.status);
		assertTrue(r.err.contains("unknown command 'Segment Everything'") && r.err.contains("Segment Folder"), r.err);
		r = run("Segment Folder", "model=" + dir.resolve("gone.cmems") + ",input=" + data.testImages + ",output=" + dir.resolve("o"));
		assertEquals(2, r.status);
		assertTrue(r.err.contains("gone.cmems"), r.err);
		r = run("Segment Image", "model=" + data.model + ",image=" + dir.resolve("nothing.tif"));
		assertEquals(2, r.status, "a missing image is bad input");
		assertTrue(r.err.contains("nothing.tif"), r.err);
	}

	/** The outputs are checked before the command starts, with the same check as the command line's. */
	@Test
	void outputsThatCannotBeWrittenGiveTheirErrors() throws IOException {
		final Path folder = Files.createDirectories(dir.resolve("model-folder"));
		Result r = run("Train from Exemplar", "exemplarfile=" + data.exemplar + ",labelsfile=" + data.exemplarLabels + ",unlabeledfolder=" + data.unlabeled
			+ ",iterations=1,imagesize=32,model=" + folder);
		assertEquals(2, r.status, r.toString());
		assertTrue(r.err.contains("model=" + folder + " is a folder"), r.err);
		assertFalse(r.out.contains("it 1/"), "refused before training: " + r.out);
		final Path file = Files.write(dir.resolve("not-a-folder"), new byte[1]);
		r = run("Segment Folder", "model=" + data.model + ",input=" + data.testImages + ",output=" + file);
		assertEquals(2, r.status, r.toString());
		assertTrue(r.err.contains("output=" + file + " is a file, not a folder"), r.err);
	}

	@Test
	void macroOptionsParseAsImageJWritesThem() {
		final Arguments a = Arguments.fromMacroOptions("model=[/data/my models/heart.cmems] input=/in skipexisting classnames=background,RV,LV,filter=*.tif threshold=0.9");
		assertEquals("/data/my models/heart.cmems", a.string("model", null));
		assertEquals("/in", a.string("input", null));
		assertEquals("true", a.string("skipexisting", null));
		assertEquals("background,RV,LV", a.string("classnames", null));
		assertEquals("*.tif", a.string("filter", null));
		assertEquals("0.9", a.string("threshold", null));
		assertTrue(a.unused().isEmpty());
		assertEquals(0, Arguments.fromMacroOptions(null).values().size());
	}
}
