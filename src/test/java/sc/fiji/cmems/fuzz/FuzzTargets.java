package sc.fiji.cmems.fuzz;

import ai.djl.Device;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.io.formats.ImageFormatException;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LabelTiffWriter;
import sc.fiji.cmems.io.formats.LoadedPair;
import sc.fiji.cmems.io.formats.ReadOptions;
import sc.fiji.cmems.io.formats.TiffWriter;

/**
 * The fuzzed formats, each from a real seed: an ACDC HDF5 slice and volume
 * (image and label datasets), the shared NIfTI atlas as {@code .nii} and
 * {@code .nii.gz}, an ACDC slice as a 32-bit TIFF and an ACDC label volume as
 * an ImageJ TIFF stack, and a trained model bundle. Compressed containers
 * ({@code .nii.gz}, the bundle's zip) are mutated half the time inside
 * (mutate, then compress again, so the mutant passes the checksums and reaches
 * the parser) and half the time as raw bytes.
 */
public final class FuzzTargets {

	private FuzzTargets() {}

	/** Clean failures of the image readers. */
	static boolean imageError(final Throwable t) {
		return t instanceof ImageFormatException;
	}

	public static FuzzTarget hdf5Slice(final Path acdc) throws IOException {
		return hdf5("hdf5-slice", acdc.resolve("slices/patient003_frame01_slice_1.h5"));
	}

	public static FuzzTarget hdf5Volume(final Path acdc) throws IOException {
		return hdf5("hdf5-volume", acdc.resolve("volumes/patient002_frame01.h5"));
	}

	private static FuzzTarget hdf5(final String name, final Path seed) throws IOException {
		return new FuzzTarget(name, ".h5", Files.readAllBytes(seed), FuzzTarget.bytes(8192), file -> ImageReaders.openPair(file, ReadOptions.defaults()),
			FuzzTargets::imageError);
	}

	public static FuzzTarget nifti(final Path niftiDir) throws IOException {
		return new FuzzTarget("nifti", ".nii", gunzip(Files.readAllBytes(niftiDir.resolve("aal.nii.gz"))), FuzzTarget.bytes(352), ImageReaders::open,
			FuzzTargets::imageError);
	}

	public static FuzzTarget niftiGz(final Path niftiDir) throws IOException {
		final FuzzTarget.Mutator inside = (seed, index) -> gzip(Mutations.mutate(gunzip(seed), index, 352));
		return new FuzzTarget("nifti-gz", ".nii.gz", Files.readAllBytes(niftiDir.resolve("aal.nii.gz")), halfInside(inside, FuzzTarget.bytes(64)),
			ImageReaders::open, FuzzTargets::imageError);
	}

	/** A 2D float TIFF (one image directory) of an ACDC slice. */
	public static FuzzTarget tiff(final Path acdc, final Path scratch) throws IOException {
		final LoadedPair slice = ImageReaders.openPair(acdc.resolve("slices/patient003_frame01_slice_1.h5"), ReadOptions.defaults());
		final Path tiff = scratch.resolve("seed-slice.tif");
		TiffWriter.writeImage(slice.getImage().getImage(), new double[] { 1.5, 1.5 }, "mm", tiff);
		return new FuzzTarget("tiff", ".tif", Files.readAllBytes(tiff), FuzzTarget.bytes(1024), ImageReaders::open, FuzzTargets::imageError);
	}

	/** An ImageJ TIFF stack (one image directory per slice, "images=n" in its description) of an ACDC label volume. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static FuzzTarget tiffStack(final Path acdc, final Path scratch) throws IOException {
		final LoadedPair volume = ImageReaders.openPair(acdc.resolve("volumes/patient002_frame01.h5"), ReadOptions.defaults());
		final Path tiff = scratch.resolve("seed-stack.tif");
		LabelTiffWriter.write((net.imglib2.RandomAccessibleInterval) volume.getLabel().getImage(), new double[] { 1.5, 1.5, 10 }, "mm", tiff);
		return new FuzzTarget("tiff-stack", ".tif", Files.readAllBytes(tiff), FuzzTarget.bytes(2048), ImageReaders::open, FuzzTargets::imageError);
	}

	/**
	 * A model bundle; reading it means what {@code cmems info} and {@code cmems
	 * segment} do: the description, the networks, and one segmented image.
	 */
	public static FuzzTarget bundle(final Path trainedBundle) throws IOException {
		final ToyData.Sample image = ToyData.sample(7, 40, 36);
		final FuzzTarget.Read read = file -> {
			ModelBundle.readInfo(file);
			try (SegmentationModel model = ModelBundle.read(file, Device.cpu())) {
				new Segmenter(model, Ensemble.MEAN).segment(image.image);
			}
		};
		return new FuzzTarget("bundle", ".cmems", Files.readAllBytes(trainedBundle), halfInside(FuzzTargets::mutateBundleEntry, FuzzTarget.bytes(256)), read,
			t -> t instanceof ModelBundle.BundleException);
	}

	/** Even mutant numbers (halved) go to {@code inside}, odd ones to {@code raw}. */
	private static FuzzTarget.Mutator halfInside(final FuzzTarget.Mutator inside, final FuzzTarget.Mutator raw) {
		return (seed, index) -> index % 2 == 0 ? inside.mutant(seed, index / 2) : raw.mutant(seed, index / 2);
	}

	/** One entry of the bundle mutated: model.json as JSON (one value replaced) or as bytes, a network's tensors as bytes. */
	private static byte[] mutateBundleEntry(final byte[] bundle, final long index) throws IOException {
		final Map<String, byte[]> entries = unzip(bundle);
		final List<String> names = new ArrayList<>(entries.keySet());
		final Random random = new Random(index * 31 + 7);
		final String name = names.get(random.nextInt(names.size()));
		final byte[] content = entries.get(name);
		if (name.equals("model.json") && random.nextInt(3) != 0) entries.put(name, mutateJson(content, random));
		else entries.put(name, Mutations.mutate(content, index, name.endsWith(".params") ? 512 : 0));
		return zip(entries);
	}

	private static final JsonElement[] EXTREMES = { new JsonObject(), new JsonArray(), JsonNull.INSTANCE, new JsonPrimitive(-1), new JsonPrimitive(0),
		new JsonPrimitive(65536), new JsonPrimitive(Integer.MAX_VALUE), new JsonPrimitive(1e308), new JsonPrimitive(-1e308), new JsonPrimitive("x"),
		new JsonPrimitive(true), new JsonPrimitive(0.5), new JsonPrimitive(3) };

	/** Replaces one value anywhere in the JSON tree by an extreme one, or removes it. */
	private static byte[] mutateJson(final byte[] json, final Random random) {
		final JsonObject root = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
		final List<Object[]> slots = new ArrayList<>(); // {parent object or array, key or index}
		collect(root, slots);
		final Object[] slot = slots.get(random.nextInt(slots.size()));
		final boolean remove = random.nextInt(6) == 0;
		final JsonElement value = EXTREMES[random.nextInt(EXTREMES.length)];
		if (slot[0] instanceof JsonObject) {
			if (remove) ((JsonObject) slot[0]).remove((String) slot[1]);
			else ((JsonObject) slot[0]).add((String) slot[1], value);
		}
		else ((JsonArray) slot[0]).set((Integer) slot[1], value);
		return root.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void collect(final JsonElement e, final List<Object[]> slots) {
		if (e.isJsonObject()) for (final Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
			slots.add(new Object[] { e, m.getKey() });
			collect(m.getValue(), slots);
		}
		else if (e.isJsonArray()) for (int i = 0; i < e.getAsJsonArray().size(); i++) {
			slots.add(new Object[] { e, i });
			collect(e.getAsJsonArray().get(i), slots);
		}
	}

	static Map<String, byte[]> unzip(final byte[] bytes) throws IOException {
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
			ZipEntry e;
			while ((e = zip.getNextEntry()) != null) entries.put(e.getName(), zip.readAllBytes());
		}
		return entries;
	}

	static byte[] zip(final Map<String, byte[]> entries) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(out)) {
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(e.getValue());
				zip.closeEntry();
			}
		}
		return out.toByteArray();
	}

	static byte[] gunzip(final byte[] bytes) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return in.readAllBytes();
		}
	}

	static byte[] gzip(final byte[] bytes) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
			gz.write(bytes);
		}
		return out.toByteArray();
	}
}
