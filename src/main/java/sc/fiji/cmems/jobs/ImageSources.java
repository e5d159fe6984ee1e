package sc.fiji.cmems.jobs;

import ij.ImagePlus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.io.FolderFiles;
import sc.fiji.cmems.io.LabelImages;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LoadedImage;
import sc.fiji.cmems.io.formats.LoadedPair;
import sc.fiji.cmems.io.formats.ReadOptions;
import sc.fiji.cmems.io.imagej.ImagePlusImgs;

/**
 * Turns what a user points at (open ImageJ images, files, folders) into engine
 * inputs. Every failure is an exception whose message names the image or file
 * and what is wrong with it, ready to show as is.
 */
public final class ImageSources {

	private ImageSources() {}

	/** An open image (2D, or a 3D stack whose slices are used; a hyperstack's channels are its modalities). */
	public static ImageInput image(final ImagePlus imp) {
		if (imp == null) throw new IllegalArgumentException("no image given");
		return ImageInput.of(imp.getTitle(), ImagePlusImgs.channels(imp));
	}

	/** An open image with its open label image. */
	public static ImageInput labeled(final ImagePlus image, final ImagePlus labels) {
		if (image == null) throw new IllegalArgumentException("no image given");
		if (labels == null) throw new IllegalArgumentException("no label image given for '" + image.getTitle() + "'");
		if (image.getWidth() != labels.getWidth() || image.getHeight() != labels.getHeight() || image.getNSlices() != labels.getStackSize())
			throw new IllegalArgumentException("label image '" + labels.getTitle() + "' is " + shape(labels) + " but image '" + image.getTitle() + "' is " + shape(image));
		return ImageInput.labeled(image.getTitle(), ImagePlusImgs.channels(image), LabelImages.asLabels(ImagePlusImgs.toImg(labels), labels.getTitle()));
	}

	/** An image file. */
	public static ImageInput file(final Path file, final ReadOptions options) throws IOException {
		final LoadedImage image = ImageReaders.open(requireFile(file, "image"), options);
		return ImageInput.of(file.getFileName().toString(), image.getChannels());
	}

	/**
	 * An image file and its label file, or (labels null) one HDF5 file holding both
	 * datasets of {@code options}.
	 */
	public static ImageInput labeledFile(final Path image, final Path labels, final ReadOptions options) throws IOException {
		requireFile(image, "image");
		final LoadedPair pair = labels == null ? ImageReaders.openPair(image, options) : ImageReaders.openPair(image, requireFile(labels, "label image"), options);
		final String name = image.getFileName().toString();
		return ImageInput.labeled(name, pair.getImage().getChannels(), LabelImages.asLabels(pair.getLabel().getImage(), name));
	}

	/** Every file of a folder (or one file) matching the filter, as unlabeled images. */
	public static List<ImageInput> folder(final Path folder, final String filter, final ReadOptions options) throws IOException {
		final List<ImageInput> out = new ArrayList<>();
		for (final Path p : FolderFiles.list(folder, filter)) out.add(file(p, options));
		return out;
	}

	/**
	 * Labeled images of a folder: each file with the file of the same name in
	 * {@code labelsFolder}, or, when that is null, HDF5 files holding both.
	 */
	public static List<ImageInput> labeledFolder(final Path folder, final Path labelsFolder, final String filter, final ReadOptions options)
		throws IOException
	{
		if (labelsFolder != null && !Files.isDirectory(labelsFolder)) throw new NoSuchFileException(labelsFolder.toString(), null, "no such labels folder");
		final List<ImageInput> out = new ArrayList<>();
		for (final Path p : FolderFiles.list(folder, filter)) {
			final Path labels = labelsFolder == null ? null : labelsFolder.resolve(p.getFileName().toString());
			if (labels != null && !Files.isRegularFile(labels))
				throw new NoSuchFileException(labels.toString(), null, "no label image for " + p.getFileName() + " (expected the same file name in " + labelsFolder + ")");
			out.add(labeledFile(p, labels, options));
		}
		return out;
	}

	static Path requireFile(final Path file, final String what) throws NoSuchFileException {
		if (file == null) throw new IllegalArgumentException("no " + what + " file given");
		if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such " + what + " file");
		return file;
	}

	private static String shape(final ImagePlus imp) {
		return imp.getWidth() + "x" + imp.getHeight() + (imp.getNSlices() > 1 ? "x" + imp.getNSlices() : "") + (imp.getNChannels() > 1 ? " (" + imp.getNChannels() + " channels)" : "");
	}
}
