package sc.fiji.cmems.io.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import sc.fiji.cmems.io.imagej.ImagePlusImgs;

/**
 * Writes label images as TIFF ({@link TiffWriter}): 8-bit when the
 * largest label is below 256, else 16-bit; 2D as one image, 3D as a stack;
 * with the voxel size and unit.
 * <p>
 * The write is atomic ({@link sc.fiji.cmems.engine.model.AtomicFiles}): readers see
 * either the old file or the complete new one, never a partial TIFF. A failed
 * write removes the temporary file; only a process killed mid-write can leave
 * one behind (named {@code .<target name>.<random>.part}), never a broken target.
 */
public final class LabelTiffWriter {

	private LabelTiffWriter() {}

	/**
	 * @param labels non-negative integer labels, 2D (x, y) or 3D (x, y, z), at
	 *          most 65535
	 * @param voxelSize one entry per axis, or {@code null} for uncalibrated
	 * @param unit unit of {@code voxelSize}, or {@code null}
	 * @param target the TIFF to write (replaced if it exists)
	 */
	public static void write(final RandomAccessibleInterval<? extends IntegerType<?>> labels,
		final double[] voxelSize, final String unit, final Path target) throws IOException
	{
		final Path abs = target.toAbsolutePath();
		final Path dir = abs.getParent();
		if (dir == null || !Files.isDirectory(dir)) throw new ImageFormatException(target,
			"cannot write: folder " + dir + " does not exist");
		if (Files.isDirectory(abs)) throw new ImageFormatException(target, "cannot write: is a directory");
		final ImagePlus imp;
		try {
			imp = ImagePlusImgs.labelsToImagePlus(labels, voxelSize, unit, abs.getFileName().toString());
		}
		catch (final IllegalArgumentException e) {
			throw new ImageFormatException(target, "cannot write labels: " + e.getMessage(), e);
		}
		TiffWriter.write(imp, abs);
	}
}
