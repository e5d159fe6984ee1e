package sc.fiji.cmems.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.LUT;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.task.event.TaskEvent;
import org.scijava.ui.UIService;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.ModelInfo;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LoadedImage;
import sc.fiji.cmems.io.imagej.ImagePlusImgs;
import sc.fiji.cmems.io.imagej.LabelLut;
import sc.fiji.cmems.jobs.TrainingOptions;
import sc.fiji.cmems.phantom.CardiacPhantom;

/** The five commands through SciJava's CommandService (with pre- and postprocessing), headless, on tiny data. */
class CommandsTest {

	@TempDir
	static Path dir;
	static FijiTestData data;
	static Context context;

	@BeforeAll
	static void setUp() throws IOException {
		data = FijiTestData.create(dir.resolve("data"));
		context = new Context();
		context.service(UIService.class).setHeadless(true);
		// remembered parameter values of earlier runs must not leak into these
		context.service(org.scijava.prefs.PrefService.class).clearAll();
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	/**
	 * Runs a command through the module service with the full pipeline
	 * (initializers included), as Fiji does; Train from Exemplar is a
	 * DynamicCommand, which CommandService.run does not return.
	 */
	static Ran run(final Class<? extends Command> command, final Object... keysAndValues) throws InterruptedException, ExecutionException {
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) inputs.put((String) keysAndValues[i], keysAndValues[i + 1]);
		final CommandInfo info = context.service(CommandService.class).getCommand(command);
		return new Ran(context.service(ModuleService.class).run(info, true, inputs).get());
	}

	/** A command that ran: whether it was canceled and why, its outputs. */
	static final class Ran {

		private final Module module;

		Ran(final Module module) {
			this.module = module;
		}

		boolean isCanceled() {
			return ((Cancelable) module).isCanceled();
		}

		String getCancelReason() {
			return ((Cancelable) module).getCancelReason();
		}

		Object getOutput(final String name) {
			return module.getOutput(name);
		}

		Object getDelegateObject() {
			return module.getDelegateObject();
		}
	}

	/** Runs and returns what the command printed to System.out, and the module. */
	static Object[] runCapturing(final Class<? extends Command> command, final Object... keysAndValues) throws Exception {
		final PrintStream original = System.out;
		final ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, "UTF-8"));
		try {
			final Ran module = run(command, keysAndValues);
			return new Object[] { module, captured.toString("UTF-8") };
		}
		finally {
			System.setOut(original);
		}
	}

	static Object[] tinyTraining() {
		return new Object[] { "method", "cmems", "iterations", 2, "imagesize", 32, "exemplarbatch", 1, "syntheticbatch", 1, "unlabeledbatch", 2, "device", "cpu", "classnames", "", "seed", 1L };
	}

	static Object[] concat(final Object[] a, final Object... b) {
		final Object[] out = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

	@Test
	void trainingCommandDefaultsToTheOptionsDefaults() throws IllegalAccessException {
		// SciJava reads a command's defaults from its field initialisers, so TrainFromExemplar repeats
		// TrainingOptions' defaults (64x64 since RESULTS.md "128x128 against 64x64"); they must not drift apart
		final TrainingOptions fromCommand = new TrainFromExemplar().options(), defaults = new TrainingOptions();
		for (final java.lang.reflect.Field f : TrainingOptions.class.getFields())
			if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) assertEquals(f.get(defaults), f.get(fromCommand), f.getName());
		assertEquals(64, defaults.imageSize);
	}

	@Test
	void trainFromFilesWithValidationWritesTheModelAndPrintsProgress() throws Exception {
		final File model = dir.resolve("from-files.cmems").toFile();
		final Object[] result = runCapturing(TrainFromExemplar.class, concat(tinyTraining(), "exemplarfile", data.exemplar.toFile(), "labelsfile",
			data.exemplarLabels.toFile(), "unlabeledfolder", data.unlabeled.toFile(), "filter", "*.tif", "validationfolder", data.validationImages.toFile(),
			"validationlabels", data.validationLabels.toFile(), "model", model, "classnames", "background, RV, Myo, LV", "seed", 7L));
		final Ran module = (Ran) result[0];
		final String printed = (String) result[1];
		assertFalse(module.isCanceled(), module.getCancelReason());
		assertEquals(model.getPath(), module.getOutput("modelpath"));
		final ModelInfo info = ModelBundle.readInfo(model.toPath());
		assertEquals("cmems", info.method);
		assertEquals(Arrays.asList("background", "RV", "Myo", "LV"), info.classNames);
		assertEquals(32, info.imageSize);
		assertEquals(7L, info.seed);
		assertNotNull(info.validationDice, "validated on the validation folder");
		assertTrue(printed.contains("it 2/2") && printed.contains("3 unlabeled slices, 2 validation images"), printed);
		assertTrue(printed.contains("Model written to " + model.getPath()), printed);
	}

	@Test
	void trainFromOpenImagesUsesTheChosenMethod() throws Exception {
		final ImagePlus exemplar = IJ.openImage(data.exemplar.toString());
		final ImagePlus labels = IJ.openImage(data.exemplarLabels.toString());
		final ImageStack stack = new ImageStack(FijiTestData.SIZE, FijiTestData.SIZE);
		for (int i = 0; i < 3; i++) stack.addSlice(IJ.openImage(data.unlabeled.resolve("u" + i + ".tif").toString()).getProcessor());
		final File model = dir.resolve("from-images.cmems").toFile();
		final Ran module = run(TrainFromExemplar.class, concat(tinyTraining(), "exemplar", exemplar, "labels", labels, "unlabeled",
			new ImagePlus("unlabeled stack", stack), "model", model, "method", "supervised-synthetic"));
		assertFalse(module.isCanceled(), module.getCancelReason());
		final ModelInfo info = ModelBundle.readInfo(model.toPath());
		assertEquals("supervised-synthetic", info.method);
		assertEquals(1, info.networks);
		assertEquals(4, info.classes, "classes from the exemplar's labels");
	}

	/** An open stack with a label stack is a labeled set: the slices that hold a label are learnt from, the others are not. */
	@Test
	void aLabeledStackTrainsFromItsLabeledSlices() throws Exception {
		final ImagePlus exemplar = IJ.openImage(data.exemplar.toString()), labels = IJ.openImage(data.exemplarLabels.toString());
		final ImageStack images = new ImageStack(FijiTestData.SIZE, FijiTestData.SIZE), labelStack = new ImageStack(FijiTestData.SIZE, FijiTestData.SIZE);
		for (int i = 0; i < 3; i++) {
			images.addSlice(i == 1 ? IJ.openImage(data.unlabeled.resolve("u0.tif").toString()).getProcessor() : exemplar.getProcessor().duplicate());
			labelStack.addSlice(i == 1 ? labels.getProcessor().createProcessor(FijiTestData.SIZE, FijiTestData.SIZE) : labels.getProcessor().duplicate());
		}
		images.getProcessor(3).flipHorizontal();
		labelStack.getProcessor(3).flipHorizontal();
		final File model = dir.resolve("from-stack.cmems").toFile();
		final Object[] result = runCapturing(TrainFromExemplar.class, concat(tinyTraining(), "exemplar", new ImagePlus("exemplar stack", images), "labels",
			new ImagePlus("label stack", labelStack), "unlabeledfolder", data.unlabeled.toFile(), "filter", "*.tif", "model", model));
		final Ran module = (Ran) result[0];
		assertFalse(module.isCanceled(), module.getCancelReason());
		assertTrue(((String) result[1]).contains("2 labeled slices"), (String) result[1]);
		assertTrue(model.isFile());
	}

	/** A hyperstack's channels are modalities: training reads both, and Segment Image needs both. */
	@Test
	void twoChannelHyperstacksTrainAndSegment() throws Exception {
		final ImagePlus exemplar = IJ.openImage(data.exemplar.toString()), labels = IJ.openImage(data.exemplarLabels.toString());
		final ImageStack channels = new ImageStack(FijiTestData.SIZE, FijiTestData.SIZE);
		channels.addSlice(exemplar.getProcessor().duplicate());
		final ij.process.ImageProcessor inverted = exemplar.getProcessor().duplicate();
		inverted.invert();
		channels.addSlice(inverted);
		final ImagePlus twoChannels = new ImagePlus("two channels", channels);
		twoChannels.setDimensions(2, 1, 1);
		final ImageStack unlabeled = new ImageStack(FijiTestData.SIZE, FijiTestData.SIZE);
		for (int i = 0; i < 3; i++) {
			final ij.process.ImageProcessor u = IJ.openImage(data.unlabeled.resolve("u" + i + ".tif").toString()).getProcessor();
			unlabeled.addSlice(u);
			final ij.process.ImageProcessor v = u.duplicate();
			v.invert();
			unlabeled.addSlice(v);
		}
		final ImagePlus unlabeledImage = new ImagePlus("unlabeled", unlabeled);
		unlabeledImage.setDimensions(2, 3, 1);
		final File model = dir.resolve("two-channels.cmems").toFile();
		final Ran trained = run(TrainFromExemplar.class, concat(tinyTraining(), "exemplar", twoChannels, "labels", labels, "unlabeled", unlabeledImage, "model", model));
		assertFalse(trained.isCanceled(), trained.getCancelReason());
		assertEquals(2, ModelBundle.readInfo(model.toPath()).network.inputChannels);
		final Ran segmented = run(SegmentImage.class, "model", model, "image", unlabeledImage, "device", "cpu", "ensemble", "ensemble");
		assertFalse(segmented.isCanceled(), segmented.getCancelReason());
		assertEquals(3, ((ImagePlus) segmented.getOutput("labels")).getStackSize(), "one label slice per z, not per channel");
		final Ran oneChannel = run(SegmentImage.class, "model", model, "image", exemplar, "device", "cpu", "ensemble", "ensemble");
		assertTrue(oneChannel.isCanceled() && oneChannel.getCancelReason().contains("the model reads 2"), oneChannel.getCancelReason());
		// a hyperstack TIFF file: read with its channels (Segment Folder)
		final Path folder = Files.createDirectories(dir.resolve("hyperstacks"));
		IJ.saveAsTiff(unlabeledImage, folder.resolve("two.tif").toString());
		final LoadedImage read = ImageReaders.open(folder.resolve("two.tif"));
		assertEquals(2, read.getChannels().size());
		assertEquals(3, read.getImage().numDimensions(), "x, y, z for each channel");
		final Ran folderRun = run(SegmentFolder.class, "model", model, "input", folder.toFile(), "filter", "*.tif", "output", dir.resolve("hyperstack-labels").toFile(),
			"device", "cpu", "ensemble", "ensemble");
		assertFalse(folderRun.isCanceled(), folderRun.getCancelReason());
		assertEquals(3, IJ.openImage(dir.resolve("hyperstack-labels").resolve("two.tif").toString()).getStackSize());
	}

	/** ACDC-style HDF5 files hold an image and its labels: as the exemplar and as a validation folder without a labels folder. */
	@Test
	void trainFromHdf5FilesHoldingImageAndLabels() throws Exception {
		final Path h5 = Files.createDirectories(dir.resolve("h5"));
		final Path validation = Files.createDirectories(h5.resolve("validation"));
		final CardiacPhantom phantom = new CardiacPhantom(3);
		writeHdf5(phantom.sample(0, 32, 32), h5.resolve("exemplar.h5"));
		for (int i = 0; i < 2; i++) writeHdf5(phantom.sample(200 + i, 32, 32), validation.resolve("case" + i + ".h5"));
		final File model = dir.resolve("from-hdf5.cmems").toFile();
		final Ran module = run(TrainFromExemplar.class, concat(tinyTraining(), "exemplarfile", h5.resolve("exemplar.h5").toFile(), "unlabeledfolder",
			data.unlabeled.toFile(), "filter", "*", "validationfolder", validation.toFile(), "model", model));
		assertFalse(module.isCanceled(), module.getCancelReason());
		final ModelInfo info = ModelBundle.readInfo(model.toPath());
		assertEquals(4, info.classes);
		assertNotNull(info.validationDice, "validated on the HDF5 files' own labels");
	}

	private static void writeHdf5(final CardiacPhantom.Sample sample, final Path file) {
		final int w = (int) sample.image().dimension(0), h = (int) sample.image().dimension(1);
		final float[][] image = new float[h][w];
		final int[][] labels = new int[h][w];
		final float[] pixels = ImgSlices.readFloats(sample.image(), 0);
		final int[] classes = ImgSlices.readInts(sample.labels(), 0);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				image[y][x] = pixels[y * w + x];
				labels[y][x] = classes[y * w + x];
			}
		try (WritableHdfFile out = HdfFile.write(file)) {
			out.putDataset("image", image);
			out.putDataset("label", labels);
		}
	}

	/** Fiji's task monitor cancels through the Task: training stops as with the Stop button and keeps the model so far. */
	@Test
	void cancelingTheTaskStopsTrainingAndKeepsTheModel() throws Exception {
		final Object canceler = new Object() {

			@EventHandler
			public void onEvent(final TaskEvent e) {
				if (e.getTask().getProgressValue() >= 1 && !e.getTask().isCanceled()) e.getTask().cancel("user pressed cancel");
			}
		};
		final List<EventSubscriber<?>> subscribers = context.service(EventService.class).subscribe(canceler);
		final File model = dir.resolve("canceled.cmems").toFile();
		final Ran module;
		try {
			module = run(TrainFromExemplar.class, concat(tinyTraining(), "exemplarfile", data.exemplar.toFile(), "labelsfile", data.exemplarLabels.toFile(),
				"unlabeledfolder", data.unlabeled.toFile(), "model", model, "iterations", 50));
		}
		finally {
			context.service(EventService.class).unsubscribe(subscribers);
		}
		assertFalse(module.isCanceled(), "a stopped run is not an error: " + module.getCancelReason());
		final ModelInfo info = ModelBundle.readInfo(model.toPath());
		assertTrue(info.iterations >= 1 && info.iterations < 50, "stopped early, kept " + info.iterations + " iterations");
	}

	/**
	 * Canceling in Fiji's task monitor stops Segment Image and Evaluate
	 * Segmentation between slices or images, with a message and no output, and
	 * Segment Folder between files, keeping the files done.
	 */
	@Test
	void cancelingTheTaskStopsSegmentationAndEvaluation() throws Exception {
		final Object canceler = new Object() {

			@EventHandler
			public void onEvent(final TaskEvent e) {
				if (!e.getTask().isCanceled() && e.getTask().getProgressValue() >= 1) e.getTask().cancel("user pressed cancel");
			}
		};
		final ImageStack stack = new ImageStack(FijiTestData.SIZE, FijiTestData.SIZE);
		// 10 slices: two batches of the segmenter (8 + 2), so there is a point between them to stop at
		for (int i = 0; i < 10; i++) stack.addSlice(IJ.openImage(data.testImages.resolve("case" + i % 3 + ".tif").toString()).getProcessor());
		final Path predictions = Files.createDirectories(dir.resolve("cancel-predictions"));
		for (int i = 0; i < 3; i++) Files.copy(data.testTruth.resolve("case" + i + ".tif"), predictions.resolve("case" + i + ".tif"));
		final Path input = Files.createDirectories(dir.resolve("cancel-in"));
		for (int i = 0; i < 3; i++) Files.copy(data.testImages.resolve("case" + i + ".tif"), input.resolve("case" + i + ".tif"));
		final Path output = dir.resolve("cancel-out");
		final File csv = dir.resolve("canceled.csv").toFile();
		final List<EventSubscriber<?>> subscribers = context.service(EventService.class).subscribe(canceler);
		final Ran segment, evaluate, folder;
		try {
			segment = run(SegmentImage.class, "model", data.model.toFile(), "image", new ImagePlus("ten.tif", stack), "device", "cpu", "ensemble", "ensemble");
			folder = run(SegmentFolder.class, "model", data.model.toFile(), "input", input.toFile(), "output", output.toFile(), "filter", "*.tif",
				"skipexisting", false, "device", "cpu");
			evaluate = run(EvaluateSegmentation.class, "predictionfolder", predictions.toFile(), "truthfolder", data.testTruth.toFile(), "model", data.model.toFile(),
				"csv", csv, "calibrated", false, "classes", 0);
		}
		finally {
			context.service(EventService.class).unsubscribe(subscribers);
		}
		assertTrue(segment.isCanceled() && segment.getCancelReason().contains("canceled after 8 of 10 slices"), segment.getCancelReason());
		assertEquals(null, segment.getOutput("labels"), "no label image from a canceled run");
		assertTrue(evaluate.isCanceled() && evaluate.getCancelReason().contains("canceled after 1 of 3 images"), evaluate.getCancelReason());
		assertFalse(csv.exists(), "no table saved from a canceled evaluation");
		final String summary = (String) folder.getOutput("summary");
		assertTrue(summary.startsWith("segmented 1, skipped 0 (already done), failed 0 of 3 file(s); stopped before the rest"), summary);
		assertTrue(Files.exists(output.resolve("case0.tif")) && !Files.exists(output.resolve("case1.tif")));
	}

	@Test
	void segmentImageGivesACalibratedColouredLabelImageOfTheSameSize() throws Exception {
		final ImageStack stack = new ImageStack(FijiTestData.SIZE, FijiTestData.SIZE);
		for (int i = 0; i < 3; i++) stack.addSlice(IJ.openImage(data.testImages.resolve("case" + i + ".tif").toString()).getProcessor());
		final ImagePlus image = new ImagePlus("heart.tif", stack);
		image.getCalibration().pixelWidth = 1.25;
		image.getCalibration().pixelHeight = 1.5;
		image.getCalibration().pixelDepth = 10;
		image.getCalibration().setUnit("mm");
		final Ran module = run(SegmentImage.class, "model", data.model.toFile(), "image", image, "device", "cpu", "ensemble", "ensemble");
		assertFalse(module.isCanceled(), module.getCancelReason());
		final ImagePlus labels = (ImagePlus) module.getOutput("labels");
		assertEquals("heart labels (trained)", labels.getTitle());
		assertEquals(Arrays.toString(image.getDimensions()), Arrays.toString(labels.getDimensions()));
		assertEquals(8, labels.getBitDepth());
		assertEquals(1.25, labels.getCalibration().pixelWidth);
		assertEquals(1.5, labels.getCalibration().pixelHeight);
		assertEquals(10, labels.getCalibration().pixelDepth);
		assertEquals("mm", labels.getCalibration().getUnit());
		final LUT lut = labels.getProcessor().getLut();
		assertEquals(0, lut.getRGB(0) & 0xffffff, "background black");
		assertEquals(LabelLut.get().getRGB(1), lut.getRGB(1));
		assertNotEquals(lut.getRGB(1), lut.getRGB(2));
		assertEquals(255, labels.getDisplayRangeMax(), "label value = colour index");
		// the same labels as the engine's segmenter gives for this image
		try (SegmentationModel model = ModelBundle.read(data.model, ai.djl.Device.cpu())) {
			final ArrayImg<UnsignedShortType, ShortArray> expected = new Segmenter(model, Ensemble.MEAN).segment(ImagePlusImgs.toImg(image));
			for (int z = 0; z < 3; z++)
				assertArrayEquals(ImgSlices.readInts(expected, z), ImgSlices.readInts(sc.fiji.cmems.io.LabelImages.asLabels(ImagePlusImgs.toImg(labels), "labels"), z), "slice " + z);
		}
		assertTrue(((String) labels.getProperty("Info")).contains("label 3: LV"), String.valueOf(labels.getProperty("Info")));

		// largestcomponent: the same labels with only the largest connected component of each class
		final Ran cleaned = run(SegmentImage.class, "model", data.model.toFile(), "image", image, "device", "cpu", "ensemble", "ensemble",
			"largestcomponent", true);
		final int w = labels.getWidth(), h = labels.getHeight(), area = w * h;
		final int[] raw = new int[area * 3], kept = new int[area * 3];
		for (int z = 0; z < 3; z++) {
			System.arraycopy(ImgSlices.readInts(sc.fiji.cmems.io.LabelImages.asLabels(ImagePlusImgs.toImg(labels), "labels"), z), 0, raw, z * area, area);
			System.arraycopy(ImgSlices.readInts(sc.fiji.cmems.io.LabelImages.asLabels(ImagePlusImgs.toImg((ImagePlus) cleaned.getOutput("labels")), "labels"), z), 0, kept, z * area,
				area);
		}
		sc.fiji.cmems.engine.infer.LargestComponents.keep(raw, w, h, 3);
		assertArrayEquals(raw, kept);
	}

	@Test
	void segmentFolderLogsAFailingFileAndGoesOnAndSkipsWhatIsDone() throws Exception {
		final Path input = Files.createDirectories(dir.resolve("folder-in"));
		for (int i = 0; i < 2; i++) Files.copy(data.testImages.resolve("case" + i + ".tif"), input.resolve("case" + i + ".tif"));
		Files.write(input.resolve("broken.tif"), "not a TIFF at all".getBytes(StandardCharsets.UTF_8));
		final Path output = dir.resolve("folder-out");
		Ran module = run(SegmentFolder.class, "model", data.model.toFile(), "input", input.toFile(), "output", output.toFile(), "filter", "*.tif",
			"skipexisting", false, "device", "cpu");
		assertFalse(module.isCanceled(), module.getCancelReason());
		String summary = (String) module.getOutput("summary");
		assertTrue(summary.startsWith("segmented 2, skipped 0 (already done), failed 1 of 3 file(s)") && summary.contains("broken.tif"), summary);
		for (int i = 0; i < 2; i++) {
			final ImagePlus labels = IJ.openImage(output.resolve("case" + i + ".tif").toString());
			assertEquals(FijiTestData.SIZE, labels.getWidth());
			assertTrue(labels.getStatistics().max < 4, "labels within the model's classes");
		}
		assertFalse(Files.exists(output.resolve("broken.tif")));
		module = run(SegmentFolder.class, "model", data.model.toFile(), "input", input.toFile(), "output", output.toFile(), "filter", "case*.tif",
			"skipexisting", true, "device", "cpu");
		summary = (String) module.getOutput("summary");
		assertTrue(summary.startsWith("segmented 0, skipped 2 (already done), failed 0 of 2"), summary);
	}

	@Test
	void evaluateFoldersGivesDiceHd95AndAsdPerImageAndClassAndSavesCsv() throws Exception {
		final Path predictions = Files.createDirectories(dir.resolve("predictions"));
		// case0: perfect; case1: every RV pixel called Myo
		Files.copy(data.testTruth.resolve("case0.tif"), predictions.resolve("case0.tif"));
		final ImagePlus truth1 = IJ.openImage(data.testTruth.resolve("case1.tif").toString());
		final ImagePlus changed = truth1.duplicate();
		final byte[] pixels = (byte[]) changed.getProcessor().getPixels();
		final byte[] truthPixels = (byte[]) truth1.getProcessor().getPixels();
		for (int i = 0; i < pixels.length; i++) if (pixels[i] == 1) pixels[i] = 2;
		IJ.saveAsTiff(changed, predictions.resolve("case1.tif").toString());
		final File csv = dir.resolve("evaluation.csv").toFile();
		final Ran module = run(EvaluateSegmentation.class, "predictionfolder", predictions.toFile(), "truthfolder", data.testTruth.toFile(),
			"model", data.model.toFile(), "csv", csv, "calibrated", false, "classes", 0);
		assertFalse(module.isCanceled(), module.getCancelReason());
		final ResultsTable table = ((EvaluateSegmentation) module.getDelegateObject()).table();
		assertEquals(6, table.size(), "2 images x 3 classes");
		for (int r = 0; r < 3; r++) {
			assertEquals("case0.tif", table.getStringValue("Image", r));
			assertEquals(1.0, table.getValue("Dice", r), 1e-9);
			assertEquals(0.0, table.getValue("HD95", r), 1e-9);
		}
		assertEquals("RV", table.getStringValue("Class", 3));
		assertEquals(0.0, table.getValue("Dice", 3), 1e-9, "no RV predicted");
		assertEquals("EMPTY_PREDICTION", table.getStringValue("Status", 3));
		long myoTruth = 0, rv = 0;
		for (final byte b : truthPixels) {
			if (b == 2) myoTruth++;
			if (b == 1) rv++;
		}
		assertEquals("Myo", table.getStringValue("Class", 4));
		assertEquals(2.0 * myoTruth / (myoTruth + rv + myoTruth), table.getValue("Dice", 4), 1e-9);
		final List<String> lines = Files.readAllLines(csv.toPath());
		assertEquals(7, lines.size(), String.join("\n", lines));
		assertTrue(lines.get(0).contains("Dice") && lines.get(0).contains("HD95") && lines.get(0).contains("ASD"), lines.get(0));
		assertTrue(((String) module.getOutput("summary")).contains("RV 0.500"), (String) module.getOutput("summary"));
	}

	@Test
	void deviceInfoSaysWhatTrainingWouldUseAndWhy() throws Exception {
		final Ran module = run(DeviceInfo.class, "device", "auto");
		final String report = (String) module.getOutput("report");
		assertTrue(report.contains("Training would use: "), report);
		assertTrue(report.contains("PyTorch 2.7.1") && report.contains("CUDA: PyTorch sees"), report);
		if (report.contains("Training would use: CPU")) assertTrue(report.contains("Why not a GPU: "), report);
	}

	@Test
	void badParametersCancelWithAMessageNamingThem() throws Exception {
		final File missing = dir.resolve("no-such-model.cmems").toFile();
		Ran m = run(SegmentImage.class, "model", missing, "image", IJ.openImage(data.exemplar.toString()), "device", "cpu");
		assertTrue(m.isCanceled() && m.getCancelReason().contains("no-such-model.cmems"), m.getCancelReason());

		final ImagePlus rgb = IJ.createImage("colour photo", "RGB black", 32, 32, 1);
		m = run(SegmentImage.class, "model", data.model.toFile(), "image", rgb, "device", "cpu");
		assertTrue(m.isCanceled() && m.getCancelReason().contains("colour photo") && m.getCancelReason().contains("RGB"), m.getCancelReason());

		final ImagePlus fractional = IJ.createImage("soft labels", "32-bit black", 32, 32, 1);
		fractional.getProcessor().setf(3, 4, 0.5f);
		m = run(TrainFromExemplar.class, concat(tinyTraining(), "exemplar", IJ.openImage(data.exemplar.toString()), "labels", fractional, "unlabeledfolder",
			data.unlabeled.toFile(), "model", dir.resolve("x.cmems").toFile()));
		assertTrue(m.isCanceled() && m.getCancelReason().contains("soft labels") && m.getCancelReason().contains("0.5"), m.getCancelReason());

		m = run(TrainFromExemplar.class, concat(tinyTraining(), "exemplarfile", data.exemplar.toFile(), "labelsfile", data.exemplarLabels.toFile(),
			"unlabeledfolder", data.unlabeled.toFile(), "model", dir.resolve("x.cmems").toFile(), "imagesize", 30));
		assertTrue(m.isCanceled() && m.getCancelReason().contains("imageSize") && m.getCancelReason().contains("30"), m.getCancelReason());

		m = run(TrainFromExemplar.class, concat(tinyTraining(), "model", dir.resolve("x.cmems").toFile()));
		assertTrue(m.isCanceled() && m.getCancelReason().contains("no exemplar"), m.getCancelReason());

		m = run(TrainFromExemplar.class, concat(tinyTraining(), "exemplarfile", data.exemplar.toFile(), "labelsfile", data.exemplarLabels.toFile(),
			"unlabeledfolder", data.unlabeled.toFile(), "model", dir.resolve("missing-folder/x.cmems").toFile()));
		assertTrue(m.isCanceled() && m.getCancelReason().contains("missing-folder") && m.getCancelReason().contains("does not exist"), m.getCancelReason());

		m = run(TrainFromExemplar.class, concat(tinyTraining(), "exemplarfile", data.exemplar.toFile(), "labelsfile", data.exemplarLabels.toFile(),
			"unlabeledfolder", data.unlabeled.toFile(), "model", dir.resolve("x.cmems").toFile(), "classnames", "background, heart"));
		assertTrue(m.isCanceled() && m.getCancelReason().contains("exemplar.tif"), "a label beyond the 2 named classes: " + m.getCancelReason());

		// a label image with more classes than the model was trained for
		final ImagePlus truth = IJ.openImage(data.testTruth.resolve("case0.tif").toString());
		final ImagePlus prediction = truth.duplicate();
		prediction.setTitle("five classes");
		prediction.getProcessor().set(0, 0, 5);
		m = run(EvaluateSegmentation.class, "prediction", prediction, "truth", truth, "model", data.model.toFile(), "classes", 0);
		assertTrue(m.isCanceled() && m.getCancelReason().contains("five classes") && m.getCancelReason().contains("label 5")
			&& m.getCancelReason().contains("trained.cmems") && m.getCancelReason().contains("4 classes"), m.getCancelReason());
	}
}
