package sc.fiji.cmems.engine.net;

import java.util.Arrays;

/**
 * Architecture of the SSL4MIS-style UNet (see CMEMS.md). Stored in every model
 * bundle so that a bundle rebuilds exactly the network it was trained with.
 */
public final class NetworkSettings {

	/** Channels of the input image (modalities); set from the training images. */
	public int inputChannels = 1;
	/** Feature channels of the five encoder levels. */
	public int[] channels = { 16, 32, 64, 128, 256 };
	/** Dropout after the first convolution of each encoder level (active in training only). */
	public double[] encoderDropout = { 0.05, 0.1, 0.2, 0.3, 0.5 };
	/** Negative slope of the LeakyReLU activations. */
	public double leakySlope = 0.01;
	/** Dropout on the 1/8-resolution decoder features before their auxiliary head. */
	public double auxDropout = 0.5;
	/** Feature dropout at 1/4 resolution: threshold drawn from {@code max * U(low, high)}. */
	public double[] featureDropRange = { 0.7, 0.9 };
	/** Multiplicative feature noise at 1/2 resolution: {@code x + x * U(-a, a)}. */
	public double featureNoise = 0.3;
	/**
	 * How the decoder upsamples: {@value #REDUCE_THEN_INTERPOLATE} (a 1x1 convolution to the level's channels, then
	 * bilinear x2) or {@value #INTERPOLATE_THEN_CONVOLVE} (bilinear x2, then conv3x3-BN-LeakyReLU to the level's channels:
	 * CAML's second network).
	 */
	public String upsampling = REDUCE_THEN_INTERPOLATE;
	/**
	 * Cross-sample mutual attention on the encoder's 1/8-resolution features in training (CAML): a transformer layer over
	 * the positions of each sample, then one over the samples of the batch at each position; identity in inference.
	 */
	public boolean crossSampleAttention = false;
	/** The attention layers' heads, feed-forward width and dropout. */
	public int attentionHeads = 4, attentionFeedForward = 512;
	public double attentionDropout = 0.5;
	/**
	 * Width of the pixel embeddings (0: none): a projection head and a prediction head, each
	 * {@code Linear-BN-ReLU-Linear}, on the last decoder features after dropout {@link #embeddingDropout} (CAML).
	 */
	public int embeddingWidth = 0;
	public double embeddingDropout = 0.5;

	public static final String REDUCE_THEN_INTERPOLATE = "reduce-interpolate", INTERPOLATE_THEN_CONVOLVE = "interpolate-convolve";

	/** The most feature channels of one level. */
	public static final int MAX_CHANNELS = 1024;

	/** @throws IllegalArgumentException naming the first bad setting */
	public void check() {
		if (inputChannels < 1 || inputChannels > 16) throw new IllegalArgumentException("network.inputChannels must be 1 to 16, was " + inputChannels);
		if (channels == null || channels.length != 5) throw new IllegalArgumentException("network.channels must have 5 values, was " + Arrays.toString(channels));
		for (final int c : channels) if (c < 1 || c > MAX_CHANNELS) throw new IllegalArgumentException("network.channels must be 1 to " + MAX_CHANNELS + ", was " + Arrays.toString(channels));
		if (encoderDropout == null || encoderDropout.length != 5) throw new IllegalArgumentException("network.encoderDropout must have 5 values, was " + Arrays.toString(encoderDropout));
		for (final double p : encoderDropout) checkProbability("network.encoderDropout", p);
		checkProbability("network.auxDropout", auxDropout);
		if (featureDropRange == null || featureDropRange.length != 2 || featureDropRange[0] > featureDropRange[1] || featureDropRange[0] < 0)
			throw new IllegalArgumentException("network.featureDropRange must be two increasing values >= 0, was " + Arrays.toString(featureDropRange));
		if (!(featureNoise >= 0)) throw new IllegalArgumentException("network.featureNoise must be >= 0, was " + featureNoise);
		if (!(leakySlope >= 0)) throw new IllegalArgumentException("network.leakySlope must be >= 0, was " + leakySlope);
		if (!REDUCE_THEN_INTERPOLATE.equals(upsampling) && !INTERPOLATE_THEN_CONVOLVE.equals(upsampling))
			throw new IllegalArgumentException("network.upsampling must be " + REDUCE_THEN_INTERPOLATE + " or " + INTERPOLATE_THEN_CONVOLVE + ", was " + upsampling);
		if (crossSampleAttention) {
			if (attentionHeads < 1 || channels[3] % attentionHeads != 0)
				throw new IllegalArgumentException("network.attentionHeads must divide the 1/8-level channels (" + channels[3] + "), was " + attentionHeads);
			if (attentionFeedForward < 1 || attentionFeedForward > 8 * MAX_CHANNELS)
				throw new IllegalArgumentException("network.attentionFeedForward must be 1 to " + 8 * MAX_CHANNELS + ", was " + attentionFeedForward);
			checkProbability("network.attentionDropout", attentionDropout);
		}
		if (embeddingWidth < 0 || embeddingWidth > MAX_CHANNELS) throw new IllegalArgumentException("network.embeddingWidth must be 0 to " + MAX_CHANNELS + ", was " + embeddingWidth);
		checkProbability("network.embeddingDropout", embeddingDropout);
	}

	/** @return an independent copy */
	public NetworkSettings copy() {
		final com.google.gson.Gson gson = new com.google.gson.Gson();
		return gson.fromJson(gson.toJson(this), NetworkSettings.class);
	}

	private static void checkProbability(final String name, final double p) {
		if (!(p >= 0 && p < 1)) throw new IllegalArgumentException(name + " must be in [0, 1), was " + p);
	}
}
