package sc.fiji.cmems.io.formats;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;

import java.io.IOException;
import java.nio.file.Path;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import sc.fiji.cmems.engine.model.AtomicFiles;
import sc.fiji.cmems.io.imagej.ImagePlusImgs;

/**
 * Writes ImageJ TIFFs (single images and stacks, with calibration) through
 * ImageJ's own encoder, atomically ({@link AtomicFiles}): a reader sees the old
 * file or the complete new one.
 */
public final class TiffWriter {

	private TiffWriter() {}

	/** Writes {@code imp} as a TIFF (a stack when it has several slices). */
	public static void write(final ImagePlus imp, final Path target) throws IOException {
		final FileInfo fi = imp.getFileInfo();
		fi.description = new FileSaver(imp).getDescriptionString();
		fi.info = imp.getInfoProperty();
		if (imp.getStackSize() > 1) fi.sliceLabels = imp.getStack().getSliceLabels();
		AtomicFiles.write(target, out -> new TiffEncoder(fi).write(out));
	}

	/** Writes an intensity image (2D or 3D) as a TIFF of its own bit depth (8, 16 or 32 bit). */
	public static void writeImage(final RandomAccessibleInterval<? extends RealType<?>> image, final double[] voxelSize,
		final String unit, final Path target) throws IOException
	{
		write(ImagePlusImgs.toImagePlus(image, voxelSize, unit, target.getFileName().toString()), target);
	}
}
