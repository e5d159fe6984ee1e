package sc.fiji.cmems.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.io.LabelImages;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LoadedPair;
import sc.fiji.cmems.io.formats.ReadOptions;

/**
 * The ACDC copy in the SSL4MIS layout: {@code slices/<id>.h5} (2D training
 * slices) and {@code volumes/<id>.h5} (3D validation volumes), each with
 * datasets {@code image} and {@code label}, and the split lists
 * {@code train_slices.list} and {@code val.list}.
 */
public final class AcdcData {

	/** Class names of ACDC, background first. */
	public static final List<String> CLASS_NAMES = java.util.Arrays.asList("background", "RV", "Myo", "LV");

	private final Path root;

	public AcdcData(final Path root) throws NoSuchFileException {
		if (!Files.isRegularFile(root.resolve("train_slices.list")))
			throw new NoSuchFileException(root.toString(), null, "not an ACDC folder: it has no train_slices.list (set ACDC_DIR or acdc=)");
		this.root = root;
	}

	public Path root() {
		return root;
	}

	/** @return the ids of {@code train_slices.list} in file order */
	public List<String> trainSlices() throws IOException {
		return list("train_slices.list");
	}

	/** @return the ids of {@code val.list} */
	public List<String> validationVolumes() throws IOException {
		return list("val.list");
	}

	/** @return the ids listed in a file of the ACDC folder (one per line) */
	public List<String> list(final String name) throws IOException {
		final List<String> ids = new ArrayList<>();
		for (final String line : Files.readAllLines(root.resolve(name), StandardCharsets.UTF_8))
			if (!line.trim().isEmpty()) ids.add(line.trim());
		return ids;
	}

	public Path slicePath(final String id) {
		return root.resolve("slices").resolve(id + ".h5");
	}

	public Path volumePath(final String id) {
		return root.resolve("volumes").resolve(id + ".h5");
	}

	/** @return a labeled image (a slice or volume file holding image and label) */
	public static ImageInput read(final Path file) throws IOException {
		final LoadedPair pair = ImageReaders.openPair(file, ReadOptions.defaults());
		final String name = file.getFileName().toString().replaceAll("\\.h5$", "");
		return ImageInput.labeled(name, pair.getImage().getImage(), LabelImages.asLabels(pair.getLabel().getImage(), name));
	}

	/** @return the labeled slice {@code id} */
	public ImageInput slice(final String id) throws IOException {
		return read(slicePath(id));
	}
}
