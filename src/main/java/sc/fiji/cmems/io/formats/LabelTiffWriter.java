package sc.fiji.cmems.io.formats;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import ij.ImagePlus;
import ij.io.FileSaver;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import sc.fiji.cmems.io.imagej.ImagePlusImgs;

/**
 * Writes label images as TIFF with ImageJ's {@link FileSaver}: 8-bit when the
 * largest label is below 256, else 16-bit; 2D as one image, 3D as a stack;
 * with the voxel size and unit.
 * <p>
 * The write is atomic: the TIFF is written to a temporary file in the target's
 * folder, synced to disk, then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}. Readers thus see either the old file
 * or the complete new one, never a partial TIFF. A failed write removes the
 * temporary file; only a process killed mid-write can leave one behind (named
 * {@code .<target name>.<random>.partial.tif}), never a broken target.
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
		final Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".partial.tif");
		boolean done = false;
		try {
			final FileSaver saver = new FileSaver(imp);
			final boolean ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp
				.toString());
			if (!ok) throw new ImageFormatException(target, "ImageJ's FileSaver failed to write the temporary file " +
				tmp);
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				ch.force(true);
			}
			try {
				Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				throw new ImageFormatException(target, "the file system cannot replace files atomically (" + e
					.getMessage() + "); label TIFF not written", e);
			}
			done = true;
		}
		finally {
			if (!done) Files.deleteIfExists(tmp);
		}
	}
}
