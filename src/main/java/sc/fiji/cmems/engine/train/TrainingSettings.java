package sc.fiji.cmems.engine.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.data.Normalization;
import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.MethodSettings;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.perturb.AugmentationSettings;
import sc.fiji.cmems.engine.synth.SynthesisSettings;

/**
 * Every setting of a training run, with the defaults of CMEMS.md. Plain
 * fields, serialised to JSON in model bundles and checkpoints; the command
 * line and the Fiji commands set them by name ({@link #set(String, String)}),
 * e.g. {@code iterations=2000} or {@code cmems.threshold=0.9}.
 */
public final class TrainingSettings {

	private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

	/** Training method, one of {@link TrainingMethods#names()}. */
	public String method = TrainingMethods.DEFAULT;
	/** Number of classes including background; 0 = the exemplar's largest label + 1. */
	public int classes = 0;
	/** Class names, background first (optional). */
	public List<String> classNames = null;
	/** Classes present in the exemplar when some class is legitimately absent (optional). */
	public int[] exemplarClasses = null;

	public int iterations = 30000;
	/** Network input size (square, a multiple of 16). */
	public int imageSize = 256;
	/** Exemplar copies per labeled batch. */
	public int exemplarBatch = 2;
	/** Synthetic samples per labeled batch. */
	public int syntheticBatch = 10;
	/** Unlabeled slices per batch. */
	public int unlabeledBatch = 12;

	/** Base learning rate; 0 = chosen from the number of iterations ({@link #budgetLearningRate}). */
	public double learningRate = 0;
	public double momentum = 0.9;
	public double weightDecay = 1e-4;
	/** Poly decay exponent: {@code lr (1 - t / T)^p}. */
	public double polyPower = 0.9;

	public long seed = 1;
	/** Validate every this many iterations when a validation set is given (0 = only at the end). */
	public int validateEvery = 200;
	/** Write a checkpoint every this many iterations when a checkpoint file is set (0 = only at the end). */
	public int checkpointEvery = 500;
	/** Compute device: auto, cpu, gpu or gpu:N. */
	public String device = "auto";
	/** CPU threads for PyTorch (0 = all cores); only effective before the engine first starts. */
	public int threads = 0;

	/** Whether the model's inference averages over the slice and its flips (stored in the model; four times the inference cost). */
	public boolean testTimeFlips = false;

	public Normalization normalization = new Normalization();
	public NetworkSettings network = new NetworkSettings();
	public AugmentationSettings augmentation = new AugmentationSettings();
	public SynthesisSettings synthesis = new SynthesisSettings();
	public FocusSettings focus = new FocusSettings();
	/**
	 * Each registered method's own settings, by its key ({@link MethodDescriptor#settingsKey()},
	 * e.g. {@code cmems}): top-level entries of the JSON like the fields above, so
	 * {@code cmems.threshold} names a setting wherever a field would.
	 */
	private transient Map<String, MethodSettings> methods = defaultMethodSettings();

	/** @throws IllegalArgumentException naming the first bad setting and its value */
	public TrainingSettings check() {
		if (!TrainingMethods.names().contains(method)) throw new IllegalArgumentException("method must be one of " + TrainingMethods.names() + ", was '" + method + "'");
		if (classes == 1 || classes < 0) throw new IllegalArgumentException("classes must be 0 (from the exemplar) or at least 2, was " + classes);
		if (classNames != null && classes > 0 && classNames.size() != classes) throw new IllegalArgumentException("classNames has " + classNames.size() + " names for " + classes + " classes");
		if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1, was " + iterations);
		if (imageSize < 16 || imageSize % SegmentationNetwork.SIZE_DIVISOR != 0)
			throw new IllegalArgumentException("imageSize must be a positive multiple of " + SegmentationNetwork.SIZE_DIVISOR + ", was " + imageSize);
		if (exemplarBatch < 0 || syntheticBatch < 0 || exemplarBatch + syntheticBatch < 1)
			throw new IllegalArgumentException("exemplarBatch + syntheticBatch must be at least 1, were " + exemplarBatch + " + " + syntheticBatch);
		if (unlabeledBatch < 1) throw new IllegalArgumentException("unlabeledBatch must be at least 1, was " + unlabeledBatch);
		if (!(learningRate >= 0)) throw new IllegalArgumentException("learningRate must be > 0, or 0 to choose it from the iterations, was " + learningRate);
		if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
		if (!(weightDecay >= 0)) throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
		if (!(polyPower >= 0)) throw new IllegalArgumentException("polyPower must be >= 0, was " + polyPower);
		if (validateEvery < 0) throw new IllegalArgumentException("validateEvery must be >= 0, was " + validateEvery);
		if (checkpointEvery < 0) throw new IllegalArgumentException("checkpointEvery must be >= 0, was " + checkpointEvery);
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0, was " + threads);
		sc.fiji.cmems.engine.device.DeviceChoice.parse(device);
		normalization.check();
		network.check();
		augmentation.check();
		synthesis.check();
		for (final MethodSettings m : methods.values()) m.check();
		focus.check();
		if (focus.enabled && focus.stage == null && iterations < 2)
			throw new IllegalArgumentException("iterations must be at least 2 with focus.enabled (one per stage), was " + iterations);
		return this;
	}

	/** @return the learning rate at 0-based {@code iteration} (poly decay from {@link #baseLearningRate()}) */
	public float learningRate(final int iteration) {
		return (float) (baseLearningRate() * Math.pow(1 - (double) iteration / iterations, polyPower));
	}

	/** @return the settings of type {@code type} of a registered method (e.g. {@code CmemsSettings}), to read or change */
	public <T extends MethodSettings> T method(final Class<T> type) {
		for (final MethodSettings m : methods.values()) if (type.isInstance(m)) return type.cast(m);
		throw new IllegalArgumentException("no registered method has settings of type " + type.getSimpleName());
	}

	private static Map<String, MethodSettings> defaultMethodSettings() {
		final Map<String, MethodSettings> m = new LinkedHashMap<>();
		for (final MethodDescriptor d : TrainingMethods.all())
			if (d.settingsKey() != null && !m.containsKey(d.settingsKey())) m.put(d.settingsKey(), d.defaultSettings());
		return m;
	}

	/** @return {@link #learningRate}, or when it is 0 the rate for this budget ({@link #budgetLearningRate}) */
	public double baseLearningRate() {
		return learningRate > 0 ? learningRate : budgetLearningRate(iterations);
	}

	/**
	 * The base learning rate for a run of {@code iterations}: CMEMS.md's 0.01 for
	 * its 30000 iterations, and more for shorter runs, {@code 0.01 (30000 / T)^0.3}
	 * within [0.01, 0.05]: 0.030 for 800 iterations, where 0.03 measured best of
	 * 0.01, 0.03 and 0.1 for CMEMS on ACDC (RESULTS.md), 0.037 for 400, 0.022 for
	 * 2000. The exponent is fitted to those two points, not tuned further; with
	 * the poly decay to zero over the run, every budget gets a whole schedule.
	 */
	public static double budgetLearningRate(final int iterations) {
		return Math.max(0.01, Math.min(0.05, 0.01 * Math.pow(30000.0 / Math.max(1, iterations), 0.3)));
	}

	/**
	 * Sets a setting by its name: a field ({@code iterations}), a nested field
	 * ({@code cmems.threshold}) or the unique nested field of that name
	 * ({@code threshold}). Lists are comma-separated.
	 *
	 * @throws IllegalArgumentException for an unknown name or a value of the wrong type
	 */
	public void set(final String name, final String value) {
		final JsonObject json = toJson();
		final String path = resolve(json, name);
		final String[] parts = path.split("\\.");
		JsonObject parent = json;
		for (int i = 0; i < parts.length - 1; i++) parent = parent.getAsJsonObject(parts[i]);
		final JsonElement old = parent.get(parts[parts.length - 1]);
		parent.add(parts[parts.length - 1], parse(old, value, path));
		final TrainingSettings updated;
		try {
			updated = fromJson(json);
		}
		catch (final JsonParseException | NumberFormatException | IllegalStateException e) {
			throw new IllegalArgumentException("setting " + path + ": cannot use value '" + value + "'", e);
		}
		copyFrom(updated);
	}

	/**
	 * @return whether {@code name} names a setting (as {@link #set} accepts it);
	 *         an ambiguous short name counts, so that {@code set} reports it
	 */
	public static boolean isSetting(final String name) {
		try {
			resolve(new TrainingSettings().toJson(), name);
			return true;
		}
		catch (final UnknownSettingException e) {
			return false;
		}
	}

	/** @return a deep copy */
	public TrainingSettings copy() {
		return fromJson(toJson());
	}

	/** @return every setting as JSON, each method's settings as an entry under its key */
	public JsonObject toJson() {
		final JsonObject json = GSON.toJsonTree(this).getAsJsonObject();
		for (final Map.Entry<String, MethodSettings> m : methods.entrySet()) json.add(m.getKey(), GSON.toJsonTree(m.getValue()));
		return json;
	}

	/** @return the settings {@link #toJson()} wrote; a method's settings missing from it have their defaults */
	public static TrainingSettings fromJson(final JsonObject json) {
		final JsonObject rest = json.deepCopy();
		final Map<String, JsonElement> parts = new LinkedHashMap<>();
		for (final String key : defaultMethodSettings().keySet()) {
			final JsonElement part = rest.remove(key);
			if (part != null && !part.isJsonNull()) parts.put(key, part);
		}
		final TrainingSettings s = GSON.fromJson(rest, TrainingSettings.class);
		for (final Map.Entry<String, JsonElement> p : parts.entrySet()) s.methods.put(p.getKey(), GSON.fromJson(p.getValue(), s.methods.get(p.getKey()).getClass()));
		return s;
	}

	@Override
	public String toString() {
		return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(toJson());
	}

	private void copyFrom(final TrainingSettings o) {
		for (final java.lang.reflect.Field f : TrainingSettings.class.getDeclaredFields()) {
			if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
			try {
				f.set(this, f.get(o));
			}
			catch (final IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	private static String resolve(final JsonObject json, final String name) {
		if (hasPath(json, name)) return name;
		String found = null;
		for (final Map.Entry<String, JsonElement> e : json.entrySet()) {
			if (!e.getValue().isJsonObject()) continue;
			if (e.getValue().getAsJsonObject().has(name)) {
				if (found != null) throw new IllegalArgumentException("setting '" + name + "' is ambiguous: " + found + " or " + e.getKey() + "." + name);
				found = e.getKey() + "." + name;
			}
		}
		if (found == null) throw new UnknownSettingException("unknown setting '" + name + "'; known: " + knownNames(json));
		return found;
	}

	private static boolean hasPath(final JsonObject json, final String path) {
		JsonObject o = json;
		final String[] parts = path.split("\\.");
		for (int i = 0; i < parts.length; i++) {
			if (!o.has(parts[i]) && !isNullableTopLevel(parts[i])) return false;
			if (i < parts.length - 1) {
				if (!o.get(parts[i]).isJsonObject()) return false;
				o = o.getAsJsonObject(parts[i]);
			}
		}
		return true;
	}

	private static boolean isNullableTopLevel(final String name) {
		return name.equals("classNames") || name.equals("exemplarClasses");
	}

	private static String knownNames(final JsonObject json) {
		final StringBuilder sb = new StringBuilder();
		for (final Map.Entry<String, JsonElement> e : json.entrySet()) {
			if (e.getValue().isJsonObject())
				for (final String k : e.getValue().getAsJsonObject().keySet()) sb.append(e.getKey()).append('.').append(k).append(' ');
			else sb.append(e.getKey()).append(' ');
		}
		sb.append("classNames exemplarClasses");
		return sb.toString().trim();
	}

	/**
	 * Parses {@code value} like the current value {@code old}: a list (comma-separated)
	 * of numbers or strings, a boolean, a number or a string.
	 */
	private static JsonElement parse(final JsonElement old, final String value, final String path) {
		final boolean numbers = path.endsWith("exemplarClasses") || (old != null && old.isJsonArray() && old.getAsJsonArray().size() > 0
			&& old.getAsJsonArray().get(0).getAsJsonPrimitive().isNumber());
		if (path.endsWith("classNames") || numbers || (old != null && old.isJsonArray())) {
			final com.google.gson.JsonArray list = new com.google.gson.JsonArray();
			for (final String part : value.split(",")) list.add(numbers ? number(part.trim(), path) : new JsonPrimitive(part.trim()));
			return list;
		}
		final String v = value.trim();
		if (old != null && old.isJsonPrimitive() && old.getAsJsonPrimitive().isBoolean()) {
			if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) throw new IllegalArgumentException("setting " + path + " takes true or false, was '" + value + "'");
			return new JsonPrimitive(Boolean.parseBoolean(v));
		}
		if (old != null && old.isJsonPrimitive() && old.getAsJsonPrimitive().isNumber()) return number(v, path);
		// enum constants (e.g. CLASSWISE, CE_DICE) are accepted in any case, with - for _
		if (old != null && old.isJsonPrimitive() && old.getAsString().matches("[A-Z][A-Z_]*")) return new JsonPrimitive(v.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
		return new JsonPrimitive(v);
	}

	private static JsonPrimitive number(final String v, final String path) {
		try {
			return new JsonPrimitive(new java.math.BigDecimal(v));
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("setting " + path + " takes numbers, was '" + v + "'");
		}
	}

	private static final class UnknownSettingException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		UnknownSettingException(final String message) {
			super(message);
		}
	}

}
