package sc.fiji.cmems.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.io.formats.LabelTiffWriter;
import sc.fiji.cmems.io.formats.TiffWriter;
import sc.fiji.cmems.jobs.TrainingJob;
import sc.fiji.cmems.phantom.CardiacPhantom;

/**
 * Tiny files for the Fiji tests, made from the synthetic cardiac phantom at
 * 32x32 (4 classes): an exemplar and its labels, unlabeled images, validation
 * images with a labels folder of the same names, and test images with ground
 * truth; plus a model trained for 2 iterations.
 */
public final class FijiTestData {

	public static final int SIZE = 32;
	public static final String CLASS_NAMES = "background,RV,Myo,LV";

	public final Path dir, exemplar, exemplarLabels, unlabeled, validationImages, validationLabels, testImages, testTruth, model;

	private FijiTestData(final Path dir) {
		this.dir = dir;
		exemplar = dir.resolve("exemplar.tif");
		exemplarLabels = dir.resolve("exemplar-labels.tif");
		unlabeled = dir.resolve("unlabeled");
		validationImages = dir.resolve("validation/images");
		validationLabels = dir.resolve("validation/labels");
		testImages = dir.resolve("test/images");
		testTruth = dir.resolve("test/truth");
		model = dir.resolve("trained.cmems");
	}

	/** Writes the files (and trains the model) into {@code dir}. */
	public static FijiTestData create(final Path dir) throws IOException {
		final FijiTestData d = new FijiTestData(dir);
		final CardiacPhantom phantom = new CardiacPhantom(3);
		final CardiacPhantom.Sample ex = phantom.sample(0, SIZE, SIZE);
		TiffWriter.writeImage(ex.image(), null, null, d.exemplar);
		LabelTiffWriter.write(ex.labels(), null, null, d.exemplarLabels);
		for (final Path p : new Path[] { d.unlabeled, d.validationImages, d.validationLabels, d.testImages, d.testTruth }) Files.createDirectories(p);
		final List<ImageInput> unlabeled = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			final CardiacPhantom.Sample s = phantom.sample(100 + i, SIZE, SIZE);
			TiffWriter.writeImage(s.image(), null, null, d.unlabeled.resolve("u" + i + ".tif"));
			unlabeled.add(ImageInput.of("u" + i, s.image()));
		}
		for (int i = 0; i < 2; i++) {
			final CardiacPhantom.Sample s = phantom.sample(200 + i, SIZE, SIZE);
			TiffWriter.writeImage(s.image(), null, null, d.validationImages.resolve("v" + i + ".tif"));
			LabelTiffWriter.write(s.labels(), null, null, d.validationLabels.resolve("v" + i + ".tif"));
		}
		for (int i = 0; i < 3; i++) {
			final CardiacPhantom.Sample s = phantom.sample(300 + i, SIZE, SIZE);
			TiffWriter.writeImage(s.image(), null, null, d.testImages.resolve("case" + i + ".tif"));
			LabelTiffWriter.write(s.labels(), null, null, d.testTruth.resolve("case" + i + ".tif"));
		}
		TrainingJob.train(new TrainingInputs(ImageInput.labeled("exemplar", ex.image(), ex.labels()), unlabeled, new ArrayList<>()), tinySettings(),
			d.model, null, null);
		return d;
	}

	/** 2 CMEMS iterations at 32x32 with the smallest batches, on the CPU. */
	public static TrainingSettings tinySettings() {
		final TrainingSettings s = new TrainingSettings();
		s.iterations = 2;
		s.imageSize = SIZE;
		s.exemplarBatch = 1;
		s.syntheticBatch = 1;
		s.unlabeledBatch = 2;
		s.device = "cpu";
		s.classes = 4;
		s.classNames = java.util.Arrays.asList(CLASS_NAMES.split(","));
		return s;
	}

	/** The options of a tiny training run, as a command or macro takes them. */
	public static String tinyTrainingOptions() {
		return "iterations=2 imagesize=32 exemplarbatch=1 syntheticbatch=1 unlabeledbatch=2 device=cpu";
	}
}
