package sc.fiji.cmems.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LoadedImage;

/** The command line, end to end on tiny data: demo, train, segment, info, and bad arguments. */
class MainTest {

	@TempDir
	static Path dir;
	private static Path demo;
	private static String demoOutput;

	private static final class Result {

		final int status;
		final String out, err;

		Result(final int status, final String out, final String err) {
			this.status = status;
			this.out = out;
			this.err = err;
		}
	}

	private static Result run(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int status = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
		return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@BeforeAll
	static void runTheDemo() {
		demo = dir.resolve("demo");
		final Result r = run("demo", "out=" + demo, "iterations=2", "size=32", "unlabeled=4", "test=3", "seed=2");
		assertEquals(0, r.status, r.err);
		demoOutput = r.out;
	}

	@Test
	void demoWritesModelsLabelImagesAndATable() throws IOException {
		for (final String f : new String[] { "supervised.cmems", "cmems.cmems", "exemplar.tif", "exemplar-labels.tif", "test/image-02.tif", "test/truth-02.tif",
			"supervised/labels-02.tif", "cmems/labels-00.tif", "results.md", "dice.csv", "overview.png" })
			assertTrue(Files.isRegularFile(demo.resolve(f)), f);
		final LoadedImage labels = ImageReaders.open(demo.resolve("cmems/labels-01.tif"));
		assertEquals(32, labels.getImage().dimension(0));
		assertTrue(demoOutput.contains("| cmems | 3 |") && demoOutput.contains("| supervised | 3 |") && demoOutput.contains("RV") && demoOutput.contains("LV"), demoOutput);
		assertTrue(demoOutput.contains("it 2/2"), "progress lines");
		assertEquals(7, Files.readAllLines(demo.resolve("dice.csv")).size(), "header + 2 methods x 3 images");
	}

	@Test
	void trainAndSegmentFromFiles() throws IOException {
		final Path model = dir.resolve("files.cmems");
		final Result t = run("train", "exemplar=" + demo.resolve("exemplar.tif"), "labels=" + demo.resolve("exemplar-labels.tif"), "unlabeled=" + demo.resolve("test"),
			"filter=image-*.tif", "model=" + model, "iterations=2", "imageSize=32", "exemplarBatch=1", "syntheticBatch=1", "unlabeledBatch=2", "cmems.threshold=0.9");
		assertEquals(0, t.status, t.err);
		assertTrue(t.out.contains("model written"), t.out);
		final Path labels = dir.resolve("labels");
		final Result s = run("segment", "model=" + model, "input=" + demo.resolve("test"), "filter=image-*.tif", "output=" + labels);
		assertEquals(0, s.status, s.out + s.err);
		assertTrue(Files.isRegularFile(labels.resolve("image-00.tif")));
		assertTrue(s.out.contains("segmented 3, skipped 0 (already done), failed 0 of 3"), s.out);
		final Result again = run("segment", "model=" + model, "input=" + demo.resolve("test"), "filter=*.tif", "output=" + labels, "skipexisting=true");
		assertTrue(again.out.contains("skipped 3"), again.out);
		final Result info = run("info", "model=" + model);
		assertEquals(0, info.status);
		assertTrue(info.out.contains("method cmems, 2 network(s)") && info.out.contains("trained 2 iterations"), info.out);
	}

	@Test
	void badArgumentsGiveClearErrors() throws IOException {
		Result r = run("segment", "model=" + dir.resolve("nope.cmems"), "input=" + demo.resolve("test"), "output=" + dir.resolve("o"));
		assertTrue(r.status != 0 && r.err.contains("nope.cmems"), r.err);
		r = run("train", "exemplar=" + demo.resolve("exemplar.tif"), "labels=" + demo.resolve("exemplar-labels.tif"), "model=" + dir.resolve("x.cmems"), "iterations=1",
			"imageSize=32");
		assertEquals(2, r.status);
		assertTrue(r.err.contains("unlabeled images") && r.err.contains("supervised"), r.err);
		r = run("train", "exemplar=" + demo.resolve("exemplar.tif"), "model=x", "imageSize=30");
		assertEquals(2, r.status);
		assertTrue(r.err.contains("imageSize") && r.err.contains("30"), r.err);
		r = run("demo", "iterations=many");
		assertEquals(2, r.status);
		assertTrue(r.err.contains("iterations") && r.err.contains("many"), r.err);
		r = run("frobnicate");
		assertEquals(2, r.status);
		final Path notAModel = Files.write(dir.resolve("notes.cmems"), "hello".getBytes(StandardCharsets.UTF_8));
		r = run("info", "model=" + notAModel);
		assertEquals(1, r.status);
		assertTrue(r.err.contains("notes.cmems") && r.err.contains("not a zip"), r.err);
	}
}
