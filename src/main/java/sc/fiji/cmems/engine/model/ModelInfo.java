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

	/** @return the name of class {@code c} */
	public String className(final int c) {
		return classNames != null && c < classNames.size() ? classNames.get(c) : c == 0 ? "background" : "class " + c;
	}
}
