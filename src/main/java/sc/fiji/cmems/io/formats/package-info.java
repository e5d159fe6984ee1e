/**
 * Reading images and label images into imglib2, and writing label images.
 * <p>
 * {@link sc.fiji.cmems.io.formats.ImageReaders} is the entry point: it picks
 * {@link sc.fiji.cmems.io.formats.Hdf5Reader} (.h5, .hdf5, .hdf),
 * {@link sc.fiji.cmems.io.formats.NiftiReader} (.nii, .nii.gz, .hdr) or
 * {@link sc.fiji.cmems.io.formats.ImageJReader} (TIFF and everything else
 * ImageJ 1.x opens) by extension, and checks image/label pairs for equal
 * dimensions. Results are {@link sc.fiji.cmems.io.formats.LoadedImage}s: an
 * {@code ArrayImg} in the file's native pixel type with axes x (fastest), y,
 * z, plus voxel size, unit and source path. Every failure (missing, empty,
 * truncated, corrupt or unsupported file) is an
 * {@link sc.fiji.cmems.io.formats.ImageFormatException} whose message starts
 * with the file path; no reader returns a partially filled image.
 * {@link sc.fiji.cmems.io.formats.LabelTiffWriter} writes label TIFFs
 * atomically.
 */
package sc.fiji.cmems.io.formats;
