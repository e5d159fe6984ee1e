package sc.fiji.cmems.jobs;

import ij.ImagePlus;
import ij.measure.Calibration;

import java.nio.file.Path;
import java.util.function.IntConsumer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.io.FolderFiles;
import sc.fiji.cmems.io.imagej.ImagePlusImgs;
import sc.fiji.cmems.io.imagej.LabelLut;

/**
 * Segments an open image into a label image ready to show in ImageJ: 8-bit
 * (16-bit beyond 255 classes), the input's spatial calibration, a label colour
 * table, the title {@code <image> labels (<model>)}, and the model and class
 * names in the image info.
 */
public final class ImageSegmentation {

	private ImageSegmentation() {}

	/**
	 * @param modelFile names the model in the title and info
	 * @param slicesDone told after each batch of slices, or null
	 * @throws IllegalArgumentException for an image the model cannot segment (RGB, several frames, other channels than the model's)
	 */
	public static ImagePlus segment(final SegmentationModel model, final Path modelFile, final ImagePlus image, final Ensemble ensemble,
		final IntConsumer slicesDone)
	{
		return segment(model, modelFile, image, ensemble, false, slicesDone);
	}

	/** @param largestComponent keep only the largest connected component of each class */
	public static ImagePlus segment(final SegmentationModel model, final Path modelFile, final ImagePlus image, final Ensemble ensemble,
		final boolean largestComponent, final IntConsumer slicesDone)
	{
		if (image == null) throw new IllegalArgumentException("no image to segment");
		final ImageInput pixels = ImageSources.image(image);
		final long[] dims = pixels.image().dimensionsAsLongArray();
		final RandomAccessibleInterval<? extends IntegerType<?>> labels = model.info().classes <= 256 ? ArrayImgs.unsignedBytes(dims) : ArrayImgs.unsignedShorts(dims);
		final java.util.List<String> warnings = new java.util.ArrayList<>();
		new Segmenter(model, ensemble).largestComponent(largestComponent).warnings(warnings::add).segment(pixels, labels, slicesDone);
		for (final String w : warnings) ij.IJ.log("CMEMS, " + image.getTitle() + ": " + w);
		final String modelName = modelFile == null ? model.info().method : FolderFiles.baseName(modelFile);
		final ImagePlus out = ImagePlusImgs.labelsToImagePlus(labels, null, null, title(image, modelName));
		final Calibration calibration = image.getCalibration().copy();
		calibration.disableDensityCalibration();
		out.setCalibration(calibration);
		LabelLut.apply(out);
		out.setProperty("Info", info(model, modelFile, image) + (warnings.isEmpty() ? "" : "\nWarning: " + String.join("\nWarning: ", warnings)));
		return out;
	}

	/** @return e.g. {@code "heart-07 labels (cmems-heart)"} */
	public static String title(final ImagePlus image, final String modelName) {
		return image.getShortTitle() + " labels (" + modelName + ")";
	}

	private static String info(final SegmentationModel model, final Path modelFile, final ImagePlus image) {
		final StringBuilder sb = new StringBuilder("CMEMS label image\n");
		sb.append("source image: ").append(image.getTitle()).append('\n');
		sb.append("model: ").append(modelFile == null ? "(in memory)" : modelFile.toString()).append(" (").append(model.info().method).append(", ")
			.append(model.info().iterations).append(" iterations)\n");
		for (int c = 0; c < model.info().classes; c++) sb.append("label ").append(c).append(": ").append(model.info().className(c)).append('\n');
		return sb.toString();
	}
}
