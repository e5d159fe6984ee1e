package sc.fiji.cmems.engine.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.ModelInfo;

/**
 * A training checkpoint: a model bundle of the current networks plus, under
 * {@code training/}, what an exact resume needs: the iteration, the
 * optimisers' buffers, the method's running state and tensors, and the best
 * networks so far with their validation Dice. Random streams need no saving:
 * they are derived from (seed, iteration). Written atomically, so a crash or
 * stop while writing keeps the previous checkpoint.
 */
final class Checkpoint {

	static final String STATE_ENTRY = "training/state.json";
	/** Where the method's tensors ({@code TrainingMethod.saveTensors}) go, one entry each. */
	static final String METHOD_TENSORS = "training/method/";
	private static final Gson GSON = new Gson();

	/** The JSON part of a checkpoint. */
	static final class State {

		/** Iterations done; the next iteration to run. */
		int iteration;
		/** Checksum of the training data it was trained on. */
		long fingerprint;
		JsonObject methodState;
		Double bestDice;
		int bestIteration;
		List<double[]> validations = new ArrayList<>();
	}

	private Checkpoint() {}

	static void write(final Path file, final ModelInfo info, final List<byte[]> networks, final List<byte[]> optimisers,
		final List<byte[]> best, final State state, final Map<String, byte[]> methodTensors, final Map<String, byte[]> carried) throws IOException
	{
		final Map<String, byte[]> extra = new LinkedHashMap<>(carried);
		for (final Map.Entry<String, byte[]> t : methodTensors.entrySet()) {
			if (!t.getKey().matches("[A-Za-z0-9._-]{1,100}")) throw new IllegalArgumentException("a method's tensor name must be letters, digits, '.', '_' or '-', was '" + t.getKey() + "'");
			extra.put(METHOD_TENSORS + t.getKey(), t.getValue());
		}
		extra.put(STATE_ENTRY, GSON.toJson(state).getBytes(StandardCharsets.UTF_8));
		for (int k = 0; k < optimisers.size(); k++) extra.put(optimiserEntry(k), optimisers.get(k));
		if (best != null) for (int k = 0; k < best.size(); k++) extra.put(bestEntry(k), best.get(k));
		ModelBundle.write(file, info, networks, extra);
	}

	/** @return the state of a checkpoint, or an error naming the file if it is not one */
	static State state(final Path file, final Map<String, byte[]> entries) throws IOException {
		final byte[] json = entries.get(STATE_ENTRY);
		if (json == null) throw new ModelBundle.BundleException(file, "it is a model but not a training checkpoint (no " + STATE_ENTRY + ")");
		try {
			return GSON.fromJson(new String(json, StandardCharsets.UTF_8), State.class);
		}
		catch (final RuntimeException e) {
			throw new ModelBundle.BundleException(file, STATE_ENTRY + " is damaged (" + e.getMessage() + ")");
		}
	}

	/** @return the method's tensors in a checkpoint's entries, by name */
	static Map<String, byte[]> methodTensors(final Map<String, byte[]> entries) {
		final Map<String, byte[]> tensors = new LinkedHashMap<>();
		for (final Map.Entry<String, byte[]> e : entries.entrySet())
			if (e.getKey().startsWith(METHOD_TENSORS)) tensors.put(e.getKey().substring(METHOD_TENSORS.length()), e.getValue());
		return tensors;
	}

	static String networkEntry(final int k) {
		return "network-" + (k + 1) + ".params";
	}

	static String optimiserEntry(final int k) {
		return "training/optimizer-" + (k + 1) + ".bin";
	}

	static String bestEntry(final int k) {
		return "training/best-network-" + (k + 1) + ".params";
	}

	static byte[] bytes(final IoWriter writer) {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			writer.write(out);
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory failed", e);
		}
		return bytes.toByteArray();
	}

	interface IoWriter {

		void write(DataOutputStream out) throws IOException;
	}
}
