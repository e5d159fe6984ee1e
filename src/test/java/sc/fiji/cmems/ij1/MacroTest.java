package sc.fiji.cmems.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.ModelInfo;

/**
 * The macros of {@code macros/} run by ImageJ 1.x's macro interpreter (headless,
 * in a JVM of its own) in a plain ImageJ installation ({@link ImageJInstallation}):
 * the {@code run("Train from Exemplar", ...)} lines reach the commands through the
 * plugins.config bridge. Train, then segment, then evaluate, each on the
 * previous one's output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MacroTest {

	@TempDir
	static Path dir;
	static ImageJInstallation imagej;
	static Path work;

	static final List<String> LABELS = Arrays.asList("Train from Exemplar", "Segment Image", "Segment Folder", "Evaluate Segmentation", "Device Info");

	static ImageJInstallation imagej() throws IOException {
		if (imagej == null) {
			imagej = ImageJInstallation.create(dir.resolve("ImageJ"), true);
			work = dir.resolve("work");
		}
		return imagej;
	}

	static Path macro(final String name) {
		return Paths.get("macros", name);
	}

	@Test
	@Order(1)
	void trainingMacroMakesDataAndWritesTheModel() throws Exception {
		final ImageJInstallation.Run run = imagej().runMacro(macro("CMEMS_Train_From_Exemplar.ijm"),
			"dir=" + work + "/ iterations=2 imagesize=32 device=cpu batches=[exemplarbatch=1 syntheticbatch=1 unlabeledbatch=2]");
		assertEquals(0, run.status, run.toString());
		assertTrue(run.out.contains("it 2/2") && run.out.contains("CMEMS model: " + work.resolve("model.cmems")), run.toString());
		final ModelInfo info = ModelBundle.readInfo(work.resolve("model.cmems"));
		assertEquals(Arrays.asList("background", "ring", "disc"), info.classNames);
		assertEquals(2, info.iterations);
		assertEquals(32, info.imageSize);
		assertEquals("cmems", info.method);
		assertEquals(6, Files.list(work.resolve("unlabeled")).count(), "the macro made its example data");
	}

	@Test
	@Order(2)
	void segmentationMacroWritesALabelImagePerFileAndSegmentsAnOpenImage() throws Exception {
		final Path labels = work.resolve("labels"), one = work.resolve("one-label-image.tif");
		final ImageJInstallation.Run run = imagej().runMacro(macro("CMEMS_Segment_Folder.ijm"),
			"model=" + work.resolve("model.cmems") + " input=" + work.resolve("unlabeled") + " output=" + labels + " labelimage=" + one);
		assertEquals(0, run.status, run.toString());
		assertTrue(run.out.contains("segmented 6, skipped 0 (already done), failed 0 of 6 file(s)"), run.toString());
		assertTrue(run.out.contains("label image: image0 labels (model), 32x32x1, 8-bit"), run.toString());
		for (int k = 0; k < 6; k++) {
			final ImagePlus l = IJ.openImage(labels.resolve("image" + k + ".tif").toString());
			assertEquals(32, l.getWidth());
			assertEquals(8, l.getBitDepth());
			assertTrue(l.getStatistics().max <= 2, "labels of a 3-class model");
		}
		final ImagePlus saved = IJ.openImage(one.toString());
		final ImagePlus fromFolder = IJ.openImage(labels.resolve("image0.tif").toString());
		assertTrue(Arrays.equals((byte[]) saved.getProcessor().getPixels(), (byte[]) fromFolder.getProcessor().getPixels()), "Segment Image and Segment Folder agree");
	}

	@Test
	@Order(3)
	void evaluationMacroSavesATableOfDiceHd95AndAsd() throws Exception {
		final Path csv = work.resolve("evaluation.csv");
		final ImageJInstallation.Run run = imagej().runMacro(macro("CMEMS_Evaluate.ijm"),
			"predictions=" + work.resolve("labels") + " truth=" + work.resolve("truth") + " csv=" + csv + " model=" + work.resolve("model.cmems"));
		assertEquals(0, run.status, run.toString());
		final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertEquals(1 + 6 * 2, lines.size(), String.join("\n", lines));
		assertTrue(lines.get(0).startsWith("Image,Class,Label,Dice,HD95,ASD"), lines.get(0));
		assertTrue(lines.get(1).startsWith("image0.tif,ring,1,") && lines.get(2).startsWith("image0.tif,disc,2,"), lines.get(1) + "\n" + lines.get(2));
		for (final String line : lines.subList(1, lines.size())) {
			final double dice = Double.parseDouble(line.split(",")[3]);
			assertTrue(dice >= 0 && dice <= 1, line);
		}
		assertTrue(run.out.contains("evaluation: 12 rows"), run.toString());
	}

	@Test
	@Order(4)
	void aBadParameterStopsTheMacroWithItsMessage() throws Exception {
		final Path script = Files.write(dir.resolve("bad.ijm"), ("run(\"Segment Folder\", \"model=[" + dir.resolve("missing.cmems")
			+ "] input=[" + dir + "] output=[" + dir.resolve("out") + "]\");\nprint(\"went on after the error\");\n").getBytes(StandardCharsets.UTF_8));
		final ImageJInstallation.Run run = imagej().runMacro(script, "");
		assertTrue(run.out.contains("CMEMS Segmentation: model file not found: " + dir.resolve("missing.cmems")), run.toString());
		assertFalse(run.out.contains("went on after the error"), "the macro is aborted: " + run);
	}

	@Test
	@Order(5)
	void theMenuEntriesJarRegistersTheCommandsAndTheMainJarAloneNone() throws Exception {
		final StringBuilder macro = new StringBuilder("run(\"Close All\");\nList.setCommands;\n");
		for (final String label : LABELS) macro.append("print(\"").append(label).append(" -> \" + List.get(\"").append(label).append("\"));\n");
		final Path script = Files.write(dir.resolve("commands.ijm"), macro.toString().getBytes(StandardCharsets.UTF_8));
		final ImageJInstallation.Run plain = imagej().runMacro(script, "");
		for (final String label : LABELS)
			assertTrue(plain.out.contains(label + " -> sc.fiji.cmems.ij1.CmemsPlugIn(\"" + label + "\")"), "the -ij1 jar registers " + label + ": " + plain);
		// Fiji gets the main jar only; even in plugins/ (where scijava-maven-plugin puts '_' jars with a
		// plugins.config) it adds no ImageJ 1.x entry next to the SciJava command of the same label
		final ImageJInstallation fiji = ImageJInstallation.create(dir.resolve("Fiji.app"), false);
		final ImageJInstallation.Run mainJarOnly = fiji.runMacro(script, "");
		assertEquals(0, mainJarOnly.status, mainJarOnly.toString());
		for (final String label : LABELS)
			assertTrue(mainJarOnly.out.contains(label + " -> \n") || mainJarOnly.out.trim().endsWith(label + " ->"), "no ImageJ 1.x entry for " + label + ": " + mainJarOnly);
		assertFalse(Files.exists(Paths.get("target/classes/plugins.config")), "the main jar carries no plugins.config");
	}
}
