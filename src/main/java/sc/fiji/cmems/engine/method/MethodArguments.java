package sc.fiji.cmems.engine.method;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * What a method is made from for one run: the batch sizes, the number of
 * classes, and the run's settings as JSON, from which a method reads its own
 * part ({@link #settings(String, Class)}, e.g. {@code "cmems"}).
 */
public final class MethodArguments {

	private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

	public final int exemplarBatch, syntheticBatch, unlabeledBatch, classes;
	private final JsonObject settings;

	/** @param settings all training settings as JSON */
	public MethodArguments(final int exemplarBatch, final int syntheticBatch, final int unlabeledBatch, final int classes, final JsonObject settings) {
		this.exemplarBatch = exemplarBatch;
		this.syntheticBatch = syntheticBatch;
		this.unlabeledBatch = unlabeledBatch;
		this.classes = classes;
		this.settings = settings == null ? new JsonObject() : settings;
	}

	/** @return the settings under {@code key} as {@code type}; its defaults where there are none */
	public <T> T settings(final String key, final Class<T> type) {
		final JsonElement part = settings.get(key);
		try {
			return part == null || part.isJsonNull() ? type.getDeclaredConstructor().newInstance() : GSON.fromJson(part, type);
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException(type + " needs a public no-argument constructor", e);
		}
	}
}
