package sc.fiji.cmems.io.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens image and label files by their extension:
 * {@code .h5}/{@code .hdf5}/{@code .hdf} with {@link Hdf5Reader},
 * {@code .nii}/{@code .nii.gz} (and NIfTI-1 {@code .hdr}) with
 * {@link NiftiReader}, anything else with {@link ImageJReader} (TIFF, PNG, ...).
 * Every failure is an {@link ImageFormatException} naming the file; no header
 * makes a reader allocate more than {@link ReadOptions#getMaxImageBytes()} for
 * an image (plus what the file itself holds).
 */
public final class ImageReaders {

	/** The format a file is dispatched to. */
	public enum Format {
		HDF5, NIFTI, IMAGEJ
	}

	private ImageReaders() {}

	/** The reader {@link #open(Path)} uses for this file name. */
	public static Format formatOf(final Path file) {
		final String name = FileChecks.lowerName(file);
		if (name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".hdf")) return Format.HDF5;
		if (name.endsWith(".nii") || name.endsWith(".nii.gz") || name.endsWith(".hdr") || name.endsWith(".hdr.gz"))
			return Format.NIFTI;
		return Format.IMAGEJ;
	}

	/** Opens an image; from HDF5 files, the dataset {@value ReadOptions#DEFAULT_IMAGE_DATASET}. */
	public static LoadedImage open(final Path file) throws IOException {
		return open(file, ReadOptions.defaults());
	}

	/** Opens an image; from HDF5 files, the dataset {@link ReadOptions#getImageDataset()}. */
	public static LoadedImage open(final Path file, final ReadOptions options) throws IOException {
		return open(file, options.getImageDataset(), options.getMaxImageBytes());
	}

	/** Opens a label image; from HDF5 files, the dataset {@link ReadOptions#getLabelDataset()}. */
	public static LoadedImage openLabel(final Path file, final ReadOptions options) throws IOException {
		return open(file, options.getLabelDataset(), options.getMaxImageBytes());
	}

	private static LoadedImage open(final Path file, final String hdf5Dataset, final long maxImageBytes) throws IOException {
		if (file == null) throw new NullPointerException("file");
		switch (formatOf(file)) {
			case HDF5:
				return Hdf5Reader.read(file, hdf5Dataset, maxImageBytes);
			case NIFTI:
				return NiftiReader.read(file, maxImageBytes);
			default:
				return ImageJReader.read(file, maxImageBytes);
		}
	}

	/** An image and a label image from two files, checked to have the same dimensions. */
	public static LoadedPair openPair(final Path image, final Path label) throws IOException {
		return openPair(image, label, ReadOptions.defaults());
	}

	/**
	 * An image and a label image from two files (HDF5 files: the image and
	 * label datasets of {@code options}), checked to have the same dimensions.
	 */
	public static LoadedPair openPair(final Path image, final Path label, final ReadOptions options)
		throws IOException
	{
		if (image.equals(label) && formatOf(image) == Format.HDF5) return openPair(image, options);
		return checkSameShape(open(image, options), openLabel(label, options));
	}

	/** The image and label datasets of one HDF5 file, checked to have the same dimensions. */
	public static LoadedPair openPair(final Path hdf5, final ReadOptions options) throws IOException {
		if (formatOf(hdf5) != Format.HDF5) throw new ImageFormatException(hdf5,
			"one-file image/label pairs need an HDF5 file (.h5, .hdf5, .hdf)");
		return Hdf5Reader.readPair(hdf5, options);
	}

	static LoadedPair checkSameShape(final LoadedImage image, final LoadedImage label) throws ImageFormatException {
		final long[] a = image.getDimensions();
		final long[] b = label.getDimensions();
		if (!Arrays.equals(a, b)) {
			final String where = image.getSource() != null && image.getSource().equals(label.getSource()) ? ""
				: " (label file " + label.getSource() + ")";
			throw new ImageFormatException(image.getSource(), "image and label shapes differ: image is " + image
				.shapeString() + ", label is " + label.shapeString() + " (x by y by z)" + where);
		}
		return new LoadedPair(image, label);
	}
}
