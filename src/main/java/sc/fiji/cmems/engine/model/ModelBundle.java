package sc.fiji.cmems.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.net.ParameterLayout;
import sc.fiji.cmems.engine.net.SegmentationNetwork;

/**
 * The model bundle: one zip file holding {@code model.json} (a
 * {@link ModelInfo}, with a format version) and {@code network-<k>.params}
 * (the parameters of each network, batch-norm statistics included). Written
 * atomically; reading checks the format and version and reports a damaged or
 * foreign file clearly. A training checkpoint is a bundle with extra entries
 * under {@code training/}, so it can be used as a model too.
 */
public final class ModelBundle {

	static final String INFO_ENTRY = "model.json";
	/** A bundle unpacking to more is refused (a model of the default architecture and its checkpoint state take tens of MB). */
	static final long MAX_BYTES = 1L << 30;
	/** A bundle with more entries is refused. */
	static final int MAX_ENTRIES = 1000;
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

	private ModelBundle() {}

	/** The entry of a two-stage model that holds its first stage, itself a bundle. */
	public static final String LOCALISER_ENTRY = "localiser.cmems";

	/** Writes a model (atomically); a two-stage model's first stage goes into it as a nested bundle. */
	public static void write(final SegmentationModel model, final Path file) throws IOException {
		write(file, model.info(), networkBytes(model.networks()), localiserEntry(model));
	}

	/** @return the entries a model adds beside its networks: its first stage as a nested bundle, if it has one */
	private static Map<String, byte[]> localiserEntry(final SegmentationModel model) {
		final Map<String, byte[]> extra = new LinkedHashMap<>();
		if (model.localiser() != null) extra.put(LOCALISER_ENTRY, bytes(model.localiser()));
		return extra;
	}

	/** @return a one-stage model as the bytes of a bundle file */
	public static byte[] bytes(final SegmentationModel model) {
		if (model.localiser() != null) throw new IllegalArgumentException("a localiser cannot have a localiser of its own");
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		try {
			zip(out, model.info(), networkBytes(model.networks()), new LinkedHashMap<>());
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory failed", e);
		}
		return out.toByteArray();
	}

	/**
	 * Writes a bundle from parts (atomically).
	 *
	 * @param networks each network's parameters ({@link SegmentationNetwork#toBytes()})
	 * @param extra further entries (name to bytes), e.g. a checkpoint's training state
	 */
	public static void write(final Path file, final ModelInfo info, final List<byte[]> networks, final Map<String, byte[]> extra)
		throws IOException
	{
		if (networks.size() != info.networks) throw new IllegalArgumentException(networks.size() + " networks for info saying " + info.networks);
		AtomicFiles.write(file, out -> zip(out, info, networks, extra));
	}

	private static void zip(final java.io.OutputStream out, final ModelInfo info, final List<byte[]> networks, final Map<String, byte[]> extra)
		throws IOException
	{
		final ZipOutputStream zip = new ZipOutputStream(out);
		put(zip, INFO_ENTRY, GSON.toJson(info).getBytes(StandardCharsets.UTF_8));
		for (int k = 0; k < networks.size(); k++) put(zip, networkEntry(k), networks.get(k));
		for (final Map.Entry<String, byte[]> e : extra.entrySet()) put(zip, e.getKey(), e.getValue());
		zip.finish();
	}

	/** Reads a model onto {@code device}; a two-stage model with its first stage. */
	public static SegmentationModel read(final Path file, final Device device) throws IOException {
		return read(file, readEntries(file), device, false);
	}

	/**
	 * Reads a one-stage model from the bytes of a bundle ({@link #bytes}).
	 *
	 * @param file named in messages
	 */
	public static SegmentationModel read(final Path file, final byte[] bundle, final Device device) throws IOException {
		return read(file, readEntries(file, new ByteArrayInputStream(bundle)), device, true);
	}

	private static SegmentationModel read(final Path file, final Map<String, byte[]> entries, final Device device, final boolean nested) throws IOException {
		final ModelInfo info = info(file, entries);
		if (nested && info.focus != null) throw new BundleException(file, "its " + LOCALISER_ENTRY + " is itself a two-stage model");
		SegmentationModel localiser = null;
		if (info.focus != null) {
			final byte[] bytes = entries.get(LOCALISER_ENTRY);
			if (bytes == null) throw new BundleException(file, "model.json describes a two-stage model, but it has no " + LOCALISER_ENTRY);
			localiser = read(file, readEntries(file, new ByteArrayInputStream(bytes)), device, true);
		}
		final NDManager manager = Djl.engine().newBaseManager(device);
		final List<SegmentationNetwork> networks = new ArrayList<>();
		try {
			for (int k = 0; k < info.networks; k++) {
				final byte[] params = entries.get(networkEntry(k));
				if (params == null) throw new BundleException(file, "it has no " + networkEntry(k) + " although model.json lists " + info.networks + " networks");
				final String which = (nested ? "the localiser's " : "") + "network " + (k + 1);
				final String mismatch = ParameterLayout.of(info.architecture(k), info.classes).mismatch(params);
				if (mismatch != null) throw new BundleException(file, which + " is damaged or does not match the architecture model.json describes (" + mismatch + ")");
				try {
					networks.add(SegmentationNetwork.load(info.architecture(k), info.classes, new DataInputStream(new ByteArrayInputStream(params)), manager));
				}
				catch (final IOException e) {
					throw new BundleException(file, which + " cannot be loaded: " + e.getMessage());
				}
				final String notFinite = networks.get(k).firstNonFiniteParameter();
				if (notFinite != null) throw new BundleException(file, which + " has NaN or infinite values in parameter " + notFinite);
			}
			return new SegmentationModel(info, networks, manager, localiser);
		}
		catch (final IOException | RuntimeException e) {
			manager.close();
			if (localiser != null) localiser.close();
			throw e;
		}
	}

	/**
	 * Checks a whole bundle as {@link #read} does (the description, every
	 * network's layout and values, a nested first stage) without keeping it.
	 *
	 * @return its description
	 * @throws BundleException naming the file and what is wrong
	 */
	public static ModelInfo validate(final Path file) throws IOException {
		try (SegmentationModel model = read(file, Device.cpu())) {
			return model.info();
		}
	}

	/** Reads only the description of a bundle (checked field by field; the networks are not read: {@link #validate}). */
	public static ModelInfo readInfo(final Path file) throws IOException {
		return info(file, readEntries(file));
	}

	/**
	 * Reads all entries of a bundle into memory; the zip CRCs catch damaged
	 * content.
	 */
	public static Map<String, byte[]> readEntries(final Path file) throws IOException {
		if (Files.isDirectory(file)) throw new BundleException(file, "it is a folder, not a model file");
		if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "model file does not exist");
		try (InputStream in = Files.newInputStream(file)) {
			return readEntries(file, in);
		}
	}

	private static Map<String, byte[]> readEntries(final Path file, final InputStream in) throws IOException {
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		long total = 0;
		try (ZipInputStream zip = new ZipInputStream(in)) {
			ZipEntry e;
			while ((e = zip.getNextEntry()) != null) {
				if (entries.size() >= MAX_ENTRIES) throw new BundleException(file, "it has more than " + MAX_ENTRIES + " entries; it is not a CMEMS model");
				final byte[] bytes = readBounded(zip, MAX_BYTES - total);
				if (bytes == null) throw new BundleException(file, "its entries unpack to more than " + MAX_BYTES + " bytes; it is not a CMEMS model");
				total += bytes.length;
				entries.put(e.getName(), bytes);
			}
		}
		catch (final ZipException | java.io.EOFException | IllegalArgumentException e) {
			// IllegalArgumentException: an entry name that is not valid UTF-8
			throw new BundleException(file, "it is damaged or not a CMEMS model (zip: " + e.getMessage() + ")");
		}
		if (entries.isEmpty()) throw new BundleException(file, "it is empty or not a zip file; a CMEMS model is a zip file with " + INFO_ENTRY);
		return entries;
	}

	static ModelInfo info(final Path file, final Map<String, byte[]> entries) throws BundleException {
		final byte[] json = entries.get(INFO_ENTRY);
		if (json == null) throw new BundleException(file, "it has no " + INFO_ENTRY + "; it is not a CMEMS model");
		final JsonObject raw;
		try {
			raw = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
		}
		catch (final RuntimeException e) { // malformed JSON, or JSON that is not an object
			throw new BundleException(file, INFO_ENTRY + " is damaged (" + e.getMessage() + ")");
		}
		final JsonElement format = raw.get("format");
		if (format == null || !format.isJsonPrimitive() || !ModelInfo.FORMAT.equals(format.getAsString()))
			throw new BundleException(file, "it is not a CMEMS model (format " + format + ")");
		final JsonElement versionField = raw.get("formatVersion");
		if (versionField == null || !versionField.isJsonPrimitive() || !versionField.getAsJsonPrimitive().isNumber())
			throw new BundleException(file, INFO_ENTRY + " is damaged (formatVersion is " + versionField + ", not a number)");
		final double version = versionField.getAsDouble();
		if (version != Math.rint(version) || version < ModelInfo.OLDEST_FORMAT_VERSION || version > ModelInfo.FORMAT_VERSION)
			throw new BundleException(file, "it has format version " + versionField + ", but this plugin reads versions " + ModelInfo.OLDEST_FORMAT_VERSION + " to "
				+ ModelInfo.FORMAT_VERSION + (version > ModelInfo.FORMAT_VERSION ? "; update the plugin" : "; retrain the model with this version"));
		final ModelInfo info;
		try {
			info = GSON.fromJson(raw, ModelInfo.class);
		}
		catch (final RuntimeException e) { // a field of the wrong JSON type, a number out of range
			throw new BundleException(file, INFO_ENTRY + " is damaged (" + e.getMessage() + ")");
		}
		try {
			info.check();
		}
		catch (final IllegalArgumentException e) {
			throw new BundleException(file, INFO_ENTRY + " is damaged (" + e.getMessage() + ")");
		}
		return info;
	}

	/**
	 * Reads the rest of the current zip entry, or returns null when it holds more
	 * than {@code limit} bytes (a zip bomb never gets unpacked whole).
	 */
	private static byte[] readBounded(final InputStream in, final long limit) throws IOException {
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		final byte[] buffer = new byte[1 << 16];
		long n = 0;
		int r;
		while ((r = in.read(buffer)) >= 0) {
			n += r;
			if (n > limit) return null;
			out.write(buffer, 0, r);
		}
		return out.toByteArray();
	}

	static String networkEntry(final int k) {
		return "network-" + (k + 1) + ".params";
	}

	/** @return each network's parameters as bytes */
	public static List<byte[]> networkBytes(final List<SegmentationNetwork> networks) {
		final List<byte[]> bytes = new ArrayList<>();
		for (final SegmentationNetwork n : networks) bytes.add(n.toBytes());
		return bytes;
	}

	private static void put(final ZipOutputStream zip, final String name, final byte[] bytes) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(bytes);
		zip.closeEntry();
	}

	/** A model file that cannot be used, with the reason. */
	public static final class BundleException extends IOException {

		private static final long serialVersionUID = 1L;

		public BundleException(final Path file, final String reason) {
			super("Cannot read the model file '" + file + "': " + reason);
		}
	}
}
