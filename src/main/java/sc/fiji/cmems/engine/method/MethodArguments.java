package sc.fiji.cmems.engine.method;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * What a method is made from for one run: the batch sizes, the number of
 * classes, whether the run validates, and the run's settings as JSON, from which a method reads its own
 * part ({@link #settings(String, Class)}, e.g. {@code "cmems"}).
 */
public final class MethodArguments {

	private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

	public final int exemplarBatch, syntheticBatch, unlabeledBatch, classes;
	/** Whether the run validates during training (then {@link TrainingMethod#validated} is called) */
	public final boolean validates;
	/** The channels of the images (modalities; 1 for most) */
	public final int channels;
	private final JsonObject settings;
	/** The key of the method's own settings, set by {@link MethodDescriptor#create} */
	private String ownKey;

	/** @param settings all training settings as JSON */
	public MethodArguments(final int exemplarBatch, final int syntheticBatch, final int unlabeledBatch, final int classes, final JsonObject settings) {
		this(exemplarBatch, syntheticBatch, unlabeledBatch, classes, settings, false, 1);
	}

	/**
	 * @param settings all training settings as JSON
	 * @param validates whether the run validates during training
	 * @param channels the channels of the images
	 */
	public MethodArguments(final int exemplarBatch, final int syntheticBatch, final int unlabeledBatch, final int classes, final JsonObject settings,
		final boolean validates, final int channels)
	{
		this.validates = validates;
		this.channels = channels;
		this.exemplarBatch = exemplarBatch;
		this.syntheticBatch = syntheticBatch;
		this.unlabeledBatch = unlabeledBatch;
		this.classes = classes;
		this.settings = settings == null ? new JsonObject() : settings;
	}

	/**
	 * @return the method's own settings (under the key its descriptor registered) as {@code type}; the defaults where
	 *         there are none
	 */
	public <T extends MethodSettings> T own(final Class<T> type) {
		if (ownKey == null) throw new IllegalStateException("these arguments were not made for a method with settings (MethodDescriptor.create makes them)");
		return settings(ownKey, type);
	}

	/** @return these arguments for the method whose settings are under {@code key} */
	MethodArguments forMethod(final String key) {
		final MethodArguments a = new MethodArguments(exemplarBatch, syntheticBatch, unlabeledBatch, classes, settings, validates, channels);
		a.ownKey = key;
		return a;
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
