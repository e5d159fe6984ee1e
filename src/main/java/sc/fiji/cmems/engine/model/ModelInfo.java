package sc.fiji.cmems.engine.model;

import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.data.Normalization;
import sc.fiji.cmems.engine.net.NetworkSettings;

/**
 * What a model bundle says about its networks: enough to rebuild and run them
 * on new images and to tell how they were trained.
 */
public final class ModelInfo {

	/** Format name written into every bundle. */
	public static final String FORMAT = "cmems-model";
	/** Version of the bundle layout this code writes; it reads this one and all before it. */
	public static final int FORMAT_VERSION = 2;
	/** The oldest version this code reads (version 1 had no two-stage models). */
	public static final int OLDEST_FORMAT_VERSION = 1;

	public String format = FORMAT;
	public int formatVersion = FORMAT_VERSION;
	/** Training method that produced the networks. */
	public String method;
	/** Number of networks. */
	public int networks;
	/**
	 * The inference recipe: the networks (numbered from 1) whose softmax mean
	 * segments an image; null for all of them.
	 */
	public List<Integer> inference;
	/** Number of classes including background. */
	public int classes;
	/** Class names, background first. */
	public List<String> classNames = new ArrayList<>();
	/** Network input size; slices are resized to it and the labels back. */
	public int imageSize;
	public Normalization normalization = new Normalization();
	/** The architecture of every network, unless {@link #architectures} gives one per network. */
	public NetworkSettings network = new NetworkSettings();
	/**
	 * Per network, the channels of the images it reads (numbered from 1), when some network reads only some of
	 * them (one network per modality); null when every network reads all {@code network.inputChannels}.
	 */
	public List<List<Integer>> inputs;
	/** One architecture per network, when they differ; null when all are {@link #network}. */
	public List<NetworkSettings> architectures;
	public long seed;
	/** Iterations the networks were trained for. */
	public int iterations;
	/** Mean foreground Dice on the validation set at the kept iteration, when there was one. */
	public Double validationDice;
	/**
	 * For a two-stage model, how its first stage (the bundle's nested
	 * {@code localiser.cmems}) and its networks are joined; null for a one-stage model.
	 */
	public FocusRecipe focus;
	/** Whether inference averages each network's softmax over the slice and its flips in x, y and both (test-time augmentation). */
	public boolean testTimeFlips;
	/** All training settings, as JSON. */
	public JsonObject settings;
	/** Creation time, ISO 8601. */
	public String created;
	/** Versions of this plugin and of the tensor engine. */
	public String software;

	/** The most networks and classes, and the largest input size, a model may have. */
	public static final int MAX_NETWORKS = 8, MAX_CLASSES = 1000, MAX_IMAGE_SIZE = 4096;

	/**
	 * Checks every field a model is rebuilt and run from, so that a damaged
	 * description fails here, naming the field, rather than on every image.
	 *
	 * @throws IllegalArgumentException naming the first bad field and its value
	 */
	public ModelInfo check() {
		if (method == null || method.isEmpty()) throw new IllegalArgumentException("method is missing");
		if (networks < 1 || networks > MAX_NETWORKS) throw new IllegalArgumentException("networks must be 1 to " + MAX_NETWORKS + ", was " + networks);
		if (classes < 2 || classes > MAX_CLASSES) throw new IllegalArgumentException("classes must be 2 to " + MAX_CLASSES + ", was " + classes);
		if (classNames != null && (classNames.size() != classes || classNames.contains(null)))
			throw new IllegalArgumentException("classNames must name the " + classes + " classes, was " + classNames);
		if (imageSize < 16 || imageSize > MAX_IMAGE_SIZE || imageSize % 16 != 0)
			throw new IllegalArgumentException("imageSize must be a multiple of 16 from 16 to " + MAX_IMAGE_SIZE + ", was " + imageSize);
		if (normalization == null) throw new IllegalArgumentException("normalization is missing");
		normalization.check();
		if (network == null) throw new IllegalArgumentException("network is missing");
		network.check();
		if (architectures != null) {
			if (architectures.size() != networks) throw new IllegalArgumentException("architectures must give the " + networks + " networks' architectures, gave " + architectures.size());
			for (final NetworkSettings a : architectures) {
				if (a == null) throw new IllegalArgumentException("architectures has a missing entry");
				a.check();
			}
		}
		if (inputs != null) {
			if (inputs.size() != networks) throw new IllegalArgumentException("inputs must give the channels of the " + networks + " networks, gave " + inputs.size());
			for (int k = 0; k < networks; k++) {
				final List<Integer> in = inputs.get(k);
				if (in == null || in.isEmpty() || in.size() != architecture(k).inputChannels)
					throw new IllegalArgumentException("inputs of network " + (k + 1) + " must name its " + architecture(k).inputChannels + " channel(s), was " + in);
				for (final Integer c : in)
					if (c == null || c < 1 || c > network.inputChannels || in.indexOf(c) != in.lastIndexOf(c))
						throw new IllegalArgumentException("inputs of network " + (k + 1) + " must be distinct channels from 1 to " + network.inputChannels + ", was " + in);
			}
		}
		else for (int k = 0; k < networks; k++)
			if (architecture(k).inputChannels != network.inputChannels)
				throw new IllegalArgumentException("network " + (k + 1) + " reads " + architecture(k).inputChannels + " channel(s), the images have " + network.inputChannels
					+ ", and inputs does not say which");
		if (inference != null) {
			if (inference.isEmpty() || inference.size() > networks) throw new IllegalArgumentException("inference must name 1 to " + networks + " networks, was " + inference);
			for (final Integer k : inference)
				if (k == null || k < 1 || k > networks || inference.indexOf(k) != inference.lastIndexOf(k))
					throw new IllegalArgumentException("inference must name distinct networks from 1 to " + networks + ", was " + inference);
		}
		if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0, was " + iterations);
		if (validationDice != null && !(validationDice >= 0 && validationDice <= 1))
			throw new IllegalArgumentException("validationDice must be in [0, 1], was " + validationDice);
		if (focus != null) focus.check();
		return this;
	}

	/** @return the architecture of network {@code k} (0-based) */
	public NetworkSettings architecture(final int k) {
		return architectures != null ? architectures.get(k) : network;
	}

	/** @return the 0-based channels network {@code k} reads, or null when it reads all */
	public int[] inputsOf(final int k) {
		if (inputs == null) return null;
		final int[] out = new int[inputs.get(k).size()];
		for (int i = 0; i < out.length; i++) out[i] = inputs.get(k).get(i) - 1;
		return out;
	}

	/** @return the 0-based networks of the inference recipe */
	public List<Integer> inferenceNetworks() {
		final List<Integer> chosen = new ArrayList<>();
		if (inference == null) for (int k = 0; k < networks; k++) chosen.add(k);
		else for (final int k : inference) chosen.add(k - 1);
		return chosen;
	}

	/** @return the name of class {@code c} */
	public String className(final int c) {
		return classNames != null && c < classNames.size() ? classNames.get(c) : c == 0 ? "background" : "class " + c;
	}
}
