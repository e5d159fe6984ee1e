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
	/** Number of networks (their softmax is averaged in inference). */
	public int networks;
	/** Number of classes including background. */
	public int classes;
	/** Class names, background first. */
	public List<String> classNames = new ArrayList<>();
	/** Network input size; slices are resized to it and the labels back. */
	public int imageSize;
	public Normalization normalization = new Normalization();
	public NetworkSettings network = new NetworkSettings();
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
		if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0, was " + iterations);
		if (validationDice != null && !(validationDice >= 0 && validationDice <= 1))
			throw new IllegalArgumentException("validationDice must be in [0, 1], was " + validationDice);
		if (focus != null) focus.check();
		return this;
	}

	/** @return the name of class {@code c} */
	public String className(final int c) {
		return classNames != null && c < classNames.size() ? classNames.get(c) : c == 0 ? "background" : "class " + c;
	}
}
