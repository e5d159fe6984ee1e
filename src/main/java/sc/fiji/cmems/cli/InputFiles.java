package sc.fiji.cmems.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.io.ChannelFiles;
import sc.fiji.cmems.io.FolderFiles;
import sc.fiji.cmems.io.LabelImages;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LoadedImage;
import sc.fiji.cmems.io.formats.LoadedPair;
import sc.fiji.cmems.io.formats.ReadOptions;
import sc.fiji.cmems.jobs.Arguments;

/** Reading the files and folders named on the command line into engine inputs. */
final class InputFiles {

	private InputFiles() {}

	/** @return the file itself, or the folder's files matching the glob, sorted by name */
	static List<Path> list(final Path fileOrFolder, final String glob) throws IOException {
		return FolderFiles.list(fileOrFolder, glob);
	}

	static ImageInput unlabeled(final Path file, final ReadOptions options) throws IOException {
		final LoadedImage image = ImageReaders.open(file, options);
		return ImageInput.of(file.getFileName().toString(), image.getChannels());
	}

	/** An image and its labels: from one HDF5 file (labels == null) or two files. */
	static ImageInput labeled(final Path image, final Path labels, final ReadOptions options) throws IOException {
		final LoadedPair pair = labels == null ? ImageReaders.openPair(image, options) : ImageReaders.openPair(image, labels, options);
		final String name = image.getFileName().toString();
		return ImageInput.labeled(name, pair.getImage().getChannels(), LabelImages.asLabels(pair.getLabel().getImage(), name));
	}

	/** An unlabeled image, of several channels when {@code channels} has them. */
	static ImageInput unlabeled(final Path file, final ReadOptions options, final ChannelFiles channels) throws IOException {
		return channels.count() > 1 ? channels.unlabeled(file, options) : unlabeled(file, options);
	}

	/** A labeled image, of several channels and with its labels mapped when {@code channels} says so. */
	static ImageInput labeled(final Path image, final Path labels, final ReadOptions options, final ChannelFiles channels) throws IOException {
		return channels == ChannelFiles.NONE ? labeled(image, labels, options) : channels.labeled(image, labels, options);
	}

	/** @return the channels and label options of {@code channels=}, {@code labelchannel=}, {@code labelmap=} */
	static ChannelFiles channels(final Arguments args) {
		if (!args.has("channels") && !args.has("labelchannel") && !args.has("labelmap")) return ChannelFiles.NONE;
		return ChannelFiles.parse(args.string("channels", null), args.string("labelchannel", null), args.string("labelmap", null));
	}

	static ReadOptions options(final Arguments args) {
		return ReadOptions.defaults().withImageDataset(args.string("imagedataset", "image")).withLabelDataset(args.string("labeldataset", "label"));
	}
}
