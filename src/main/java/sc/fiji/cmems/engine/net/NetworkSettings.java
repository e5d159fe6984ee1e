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
	}

	private static void checkProbability(final String name, final double p) {
		if (!(p >= 0 && p < 1)) throw new IllegalArgumentException(name + " must be in [0, 1), was " + p);
	}
}
