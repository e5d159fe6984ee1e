package sc.fiji.cmems.io.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import sc.fiji.cmems.io.imagej.ImagePlusImgs;

/**
 * Reads TIFF and the other formats ImageJ 1.x opens by itself (PNG, GIF, BMP,
 * JPEG, PGM, FITS, DICOM, ZIP-wrapped TIFF...) through {@link Opener}, then
 * copies the pixels to imglib2 with the calibration. Needs no display and no
 * running ImageJ. Only single-channel, single-time-point grayscale images are
 * accepted.
 * <p>
 * Before ImageJ reads a TIFF, its header is decoded and every strip (or, for
 * ImageJ's own contiguous stacks, the whole pixel block) is checked to lie
 * inside the file, because ImageJ would silently return a partly zero image
 * for a truncated TIFF.
 */
public final class ImageJReader {

	private ImageJReader() {}

	public static LoadedImage read(final Path file) throws IOException {
		return read(file, ReadOptions.defaults().getMaxImageBytes());
	}

	/** Reads an image, refusing a TIFF whose header declares more than {@code maxImageBytes} of pixels. */
	public static LoadedImage read(final Path file, final long maxImageBytes) throws IOException {
		FileChecks.requireReadableFile(file);
		final String path = file.toAbsolutePath().toString();
		if (isTiff(file)) checkTiff(file, maxImageBytes);
		final Opener opener = new Opener();
		opener.setSilentMode(true);
		final int type;
		final ImagePlus imp;
		try {
			type = opener.getFileType(path);
			if (type == Opener.UNKNOWN || type == Opener.JAVA_OR_TEXT || type == Opener.TEXT || type == Opener.ROI ||
				type == Opener.LUT || type == Opener.TABLE) throw new ImageFormatException(file,
					"not an image format this project can read (ImageJ file type: " + typeName(type) + ")");
			imp = opener.openImage(path);
		}
		catch (final RuntimeException e) {
			throw new ImageFormatException(file, "ImageJ failed to read it (" + Hdf5Reader.describe(e) + ")", e);
		}
		if (imp == null) throw new ImageFormatException(file, "ImageJ could not open it as " + typeName(type) +
			" (corrupt or unsupported variant)");
		return fromImagePlus(imp, file);
	}

	/** Copies an already open ImagePlus, with its calibration, naming {@code source} in errors. */
	public static LoadedImage fromImagePlus(final ImagePlus imp, final Path source) throws ImageFormatException {
		final List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels;
		try {
			channels = ImagePlusImgs.channels(imp);
		}
		catch (final IllegalArgumentException e) {
			throw new ImageFormatException(source, e.getMessage(), e);
		}
		final double[] voxelSize = ImagePlusImgs.voxelSize(imp);
		// a hyperstack's voxel size has a z entry when it has several slices, whatever its channels
		final int axes = channels.get(0).numDimensions();
		return new LoadedImage(channels, voxelSize.length == axes ? voxelSize : java.util.Arrays.copyOf(voxelSize, axes), ImagePlusImgs.unit(imp), source);
	}

	private static boolean isTiff(final Path file) throws IOException {
		final String name = FileChecks.lowerName(file);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) return true;
		try (InputStream in = Files.newInputStream(file)) {
			final int a = in.read(), b = in.read(), c = in.read(), d = in.read();
			return (a == 'I' && b == 'I' && c == 42 && d == 0) || (a == 'M' && b == 'M' && c == 0 && d == 42);
		}
	}

	/**
	 * Checks the TIFF's structure ({@link TiffStructure}: no loops, nothing
	 * outside the file, pixels within the limit), then decodes its header with
	 * ImageJ and checks that the pixel data lies inside the file.
	 */
	private static void checkTiff(final Path file, final long maxImageBytes) throws IOException {
		TiffStructure.check(file, maxImageBytes);
		final FileInfo[] info;
		try {
			final Path dir = file.toAbsolutePath().getParent();
			info = new TiffDecoder(dir == null ? "" : dir.toString() + java.io.File.separator, file.getFileName()
				.toString()).getTiffInfo();
		}
		catch (final IOException | RuntimeException e) {
			throw new ImageFormatException(file, "not a readable TIFF (" + Hdf5Reader.describe(e) + ")", e);
		}
		if (info == null || info.length == 0) throw new ImageFormatException(file,
			"not a readable TIFF (no image directory found)");
		final long size = Files.size(file);
		for (final FileInfo fi : info) {
			if (fi.width <= 0 || fi.height <= 0) throw new ImageFormatException(file, "TIFF image of invalid size " +
				fi.width + "x" + fi.height);
			final long stack = FileChecks.times(FileChecks.times((long) fi.width * fi.height, Math.max(1, fi.getBytesPerPixel())), Math.max(1, fi.nImages));
			FileChecks.requireWithinLimit(file, "TIFF of " + Math.max(1, fi.nImages) + " image(s) of " + fi.width + "x" + fi.height, stack, maxImageBytes);
			if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length == fi.stripLengths.length &&
				fi.nImages <= 1)
			{
				for (int s = 0; s < fi.stripOffsets.length; s++) {
					final long end = (fi.stripOffsets[s] & 0xffffffffL) + (fi.stripLengths[s] & 0xffffffffL);
					if (end > size) throw new ImageFormatException(file, "truncated TIFF: strip " + s + " needs bytes up to " +
						end + ", but the file has " + size);
				}
			}
			if (fi.compression <= FileInfo.COMPRESSION_NONE && fi.getBytesPerPixel() > 0) {
				// a lower bound: multi-sample planar data would need more, and fails later as multi-channel anyway
				final long image = (long) fi.width * fi.height * fi.getBytesPerPixel();
				final long n = Math.max(1, fi.nImages);
				final long expected = n * image + (n - 1) * Math.max(0, fi.gapBetweenImages);
				final long available = size - fi.getOffset();
				if (available < expected) throw new ImageFormatException(file, "truncated TIFF: expected " + expected +
					" bytes of pixel data from offset " + fi.getOffset() + ", only " + Math.max(0, available) +
					" available");
			}
		}
	}

	private static String typeName(final int type) {
		return type >= 0 && type < Opener.types.length ? Opener.types[type] : "type " + type;
	}
}
