package sc.fiji.cmems.phantom;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The ranges from which {@link CardiacPhantom} draws each image's parameters.
 * <p>
 * Immutable; build a modified copy with {@link #toBuilder()}. Lengths are in
 * units of the <em>field of view</em> {@code S = min(width, height)} of the
 * generated image unless stated otherwise, so the same settings give the same
 * anatomy at any resolution. Intensities are in "signal" units where blood is
 * about 1 before the per-image gamma, bias field, noise and final
 * normalisation to [0,1].
 * <p>
 * Every range is drawn uniformly and independently per image from that image's
 * own random stream.
 */
public final class PhantomSettings {

	/** A closed interval {@code [min, max]} drawn uniformly. */
	public static final class Range {

		private final double min;
		private final double max;

		public Range(double min, double max) {
			if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
				throw new IllegalArgumentException("Bad range [" + min + ", " + max + "]");
			}
			this.min = min;
			this.max = max;
		}

		public double min() {
			return min;
		}

		public double max() {
			return max;
		}

		/** @return a uniform draw in [min, max] (min when the range is empty) */
		public double draw(SplittableRandom rng) {
			return min + (max - min) * rng.nextDouble();
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "[%.4g, %.4g]", min, max);
		}
	}

	// Heart geometry
	private final Range lvRadius;
	private final Range ellipticity;
	private final Range shapeIrregularity;
	private final Range myoThickness;
	private final Range rvThickness;
	private final Range rvExtent;
	private final Range rvFlatness;
	private final double rvAngleJitterDegrees;
	private final double sceneRotationDegrees;
	private final double centreShift;
	private final double minMyoThicknessPixels;
	// Tissue contrast
	private final Range bloodIntensity;
	private final Range myoIntensity;
	private final Range fatIntensity;
	private final Range liverIntensity;
	private final Range lungIntensity;
	private final Range softTissueIntensity;
	private final Range gamma;
	// Acquisition
	private final Range noiseSigma;
	private final Range biasStrength;
	private final Range partialVolumeSigma;
	private final Range textureStrength;
	private final double ghostProbability;
	private final Range ghostStrength;
	private final boolean clutter;
	private final int supersampling;
	// Volumes
	private final double apexLvScale;

	private PhantomSettings(Builder b) {
		lvRadius = b.lvRadius;
		ellipticity = b.ellipticity;
		shapeIrregularity = b.shapeIrregularity;
		myoThickness = b.myoThickness;
		rvThickness = b.rvThickness;
		rvExtent = b.rvExtent;
		rvFlatness = b.rvFlatness;
		rvAngleJitterDegrees = b.rvAngleJitterDegrees;
		sceneRotationDegrees = b.sceneRotationDegrees;
		centreShift = b.centreShift;
		minMyoThicknessPixels = b.minMyoThicknessPixels;
		bloodIntensity = b.bloodIntensity;
		myoIntensity = b.myoIntensity;
		fatIntensity = b.fatIntensity;
		liverIntensity = b.liverIntensity;
		lungIntensity = b.lungIntensity;
		softTissueIntensity = b.softTissueIntensity;
		gamma = b.gamma;
		noiseSigma = b.noiseSigma;
		biasStrength = b.biasStrength;
		partialVolumeSigma = b.partialVolumeSigma;
		textureStrength = b.textureStrength;
		ghostProbability = b.ghostProbability;
		ghostStrength = b.ghostStrength;
		clutter = b.clutter;
		supersampling = b.supersampling;
		apexLvScale = b.apexLvScale;
	}

	/** @return the documented defaults (see the getters) */
	public static PhantomSettings defaults() {
		return new Builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** @return a builder initialised with these settings */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Mean endocardial (blood-pool) radius of the LV, in units of S. Default [0.07, 0.14]. */
	public Range lvRadius() {
		return lvRadius;
	}

	/**
	 * Ellipticity: relative amplitude of the second radial harmonic of the LV
	 * contours (0 = circle; 0.1 = axes ratio about 1.22). Default [0, 0.14].
	 */
	public Range ellipticity() {
		return ellipticity;
	}

	/**
	 * Irregularity: relative amplitude of each of the 3rd to 5th radial Fourier
	 * harmonics of the endocardium (the epicardium and RV get a fraction of it).
	 * Default [0.005, 0.045].
	 */
	public Range shapeIrregularity() {
		return shapeIrregularity;
	}

	/** Mean myocardial wall thickness as a fraction of the LV radius. Default [0.32, 0.6]. */
	public Range myoThickness() {
		return myoThickness;
	}

	/** Largest thickness of the RV crescent as a fraction of the LV radius. Default [0.5, 1.2]. */
	public Range rvThickness() {
		return rvThickness;
	}

	/**
	 * The RV cavity is the part outside the epicardium of an ellipse beside the
	 * LV; this is the ellipse's half-length across the RV direction (how far the
	 * crescent reaches round the ring) relative to the mean epicardial radius.
	 * Default [1.0, 1.35].
	 */
	public Range rvExtent() {
		return rvExtent;
	}

	/**
	 * Ratio of the RV ellipse's half-axis along the RV direction to its
	 * {@linkplain #rvExtent() extent}: small values give a flat free wall and a
	 * thin, long crescent. Default [0.5, 0.9].
	 */
	public Range rvFlatness() {
		return rvFlatness;
	}

	/**
	 * Largest deviation of the RV direction from its anatomical place (image
	 * left, slightly up, after the scene rotation), degrees. Default 30.
	 */
	public double rvAngleJitterDegrees() {
		return rvAngleJitterDegrees;
	}

	/** Largest rotation of the whole anatomy (imaging-plane obliquity), degrees. Default 35. */
	public double sceneRotationDegrees() {
		return sceneRotationDegrees;
	}

	/**
	 * Largest shift of the heart's centre from the image centre per axis, in
	 * units of S; reduced where needed so that the heart stays inside the image.
	 * Default 0.12.
	 */
	public double centreShift() {
		return centreShift;
	}

	/** Lower bound on the wall thickness in pixels at small image sizes. Default 1.6. */
	public double minMyoThicknessPixels() {
		return minMyoThicknessPixels;
	}

	/** Blood (LV cavity, vessels) signal. Default [0.8, 1.0]. */
	public Range bloodIntensity() {
		return bloodIntensity;
	}

	/** Myocardium signal (RV free wall and muscle follow it). Default [0.17, 0.34]. */
	public Range myoIntensity() {
		return myoIntensity;
	}

	/** Fat (subcutaneous rim, epicardial fat): bright in cine SSFP. Default [0.55, 0.95]. */
	public Range fatIntensity() {
		return fatIntensity;
	}

	/** Liver signal. Default [0.22, 0.42]. */
	public Range liverIntensity() {
		return liverIntensity;
	}

	/** Lung signal (nearly black). Default [0.01, 0.07]. */
	public Range lungIntensity() {
		return lungIntensity;
	}

	/** Mediastinal and other soft tissue. Default [0.25, 0.45]. */
	public Range softTissueIntensity() {
		return softTissueIntensity;
	}

	/** Global gamma applied to the noiseless signal. Default [0.7, 1.4]. */
	public Range gamma() {
		return gamma;
	}

	/**
	 * Standard deviation of each component of the complex Gaussian noise whose
	 * magnitude is the image (Rician), relative to blood signal. Default
	 * [0.015, 0.07].
	 */
	public Range noiseSigma() {
		return noiseSigma;
	}

	/**
	 * Strength of the smooth multiplicative bias field: the natural log of the
	 * field spans about +-strength. Default [0.05, 0.4].
	 */
	public Range biasStrength() {
		return biasStrength;
	}

	/** Gaussian blur (pixels) applied before noise: partial volume and PSF. Default [0.4, 0.8]. */
	public Range partialVolumeSigma() {
		return partialVolumeSigma;
	}

	/** Relative amplitude of smooth tissue texture. Default [0.03, 0.14]. */
	public Range textureStrength() {
		return textureStrength;
	}

	/** Probability of a faint motion ghost of the heart along one axis. Default 0.3. */
	public double ghostProbability() {
		return ghostProbability;
	}

	/** Ghost amplitude relative to the heart's signal, when present. Default [0.04, 0.12]. */
	public Range ghostStrength() {
		return ghostStrength;
	}

	/** Whether to draw the body, lungs, liver, spine and vessels. Default true. */
	public boolean clutter() {
		return clutter;
	}

	/**
	 * Sub-samples per axis at pixels on a tissue boundary (anti-aliasing, 1 =
	 * off). Default 3.
	 */
	public int supersampling() {
		return supersampling;
	}

	/** LV radius at the apex relative to the base in {@link CardiacPhantom#volume}. Default 0.35. */
	public double apexLvScale() {
		return apexLvScale;
	}

	@Override
	public String toString() {
		return "PhantomSettings{lvRadius=" + lvRadius + ", ellipticity=" + ellipticity +
			", shapeIrregularity=" + shapeIrregularity + ", myoThickness=" + myoThickness +
			", rvThickness=" + rvThickness + ", rvExtent=" + rvExtent + ", rvFlatness=" + rvFlatness +
			", rvAngleJitterDegrees=" + rvAngleJitterDegrees + ", sceneRotationDegrees=" +
			sceneRotationDegrees + ", centreShift=" + centreShift + ", bloodIntensity=" +
			bloodIntensity + ", myoIntensity=" + myoIntensity + ", gamma=" + gamma +
			", noiseSigma=" + noiseSigma + ", biasStrength=" + biasStrength +
			", partialVolumeSigma=" + partialVolumeSigma + ", textureStrength=" + textureStrength +
			", ghostProbability=" + ghostProbability + ", clutter=" + clutter +
			", supersampling=" + supersampling + "}";
	}

	/** Mutable builder; every setter validates its argument. */
	public static final class Builder {

		private Range lvRadius = new Range(0.07, 0.14);
		private Range ellipticity = new Range(0.0, 0.14);
		private Range shapeIrregularity = new Range(0.005, 0.045);
		private Range myoThickness = new Range(0.32, 0.6);
		private Range rvThickness = new Range(0.5, 1.2);
		private Range rvExtent = new Range(1.0, 1.35);
		private Range rvFlatness = new Range(0.5, 0.9);
		private double rvAngleJitterDegrees = 30;
		private double sceneRotationDegrees = 35;
		private double centreShift = 0.12;
		private double minMyoThicknessPixels = 1.6;
		private Range bloodIntensity = new Range(0.8, 1.0);
		private Range myoIntensity = new Range(0.17, 0.34);
		private Range fatIntensity = new Range(0.55, 0.95);
		private Range liverIntensity = new Range(0.22, 0.42);
		private Range lungIntensity = new Range(0.01, 0.07);
		private Range softTissueIntensity = new Range(0.25, 0.45);
		private Range gamma = new Range(0.7, 1.4);
		private Range noiseSigma = new Range(0.015, 0.07);
		private Range biasStrength = new Range(0.05, 0.4);
		private Range partialVolumeSigma = new Range(0.4, 0.8);
		private Range textureStrength = new Range(0.03, 0.14);
		private double ghostProbability = 0.3;
		private Range ghostStrength = new Range(0.04, 0.12);
		private boolean clutter = true;
		private int supersampling = 3;
		private double apexLvScale = 0.35;

		private Builder() {}

		private Builder(PhantomSettings s) {
			lvRadius = s.lvRadius;
			ellipticity = s.ellipticity;
			shapeIrregularity = s.shapeIrregularity;
			myoThickness = s.myoThickness;
			rvThickness = s.rvThickness;
			rvExtent = s.rvExtent;
			rvFlatness = s.rvFlatness;
			rvAngleJitterDegrees = s.rvAngleJitterDegrees;
			sceneRotationDegrees = s.sceneRotationDegrees;
			centreShift = s.centreShift;
			minMyoThicknessPixels = s.minMyoThicknessPixels;
			bloodIntensity = s.bloodIntensity;
			myoIntensity = s.myoIntensity;
			fatIntensity = s.fatIntensity;
			liverIntensity = s.liverIntensity;
			lungIntensity = s.lungIntensity;
			softTissueIntensity = s.softTissueIntensity;
			gamma = s.gamma;
			noiseSigma = s.noiseSigma;
			biasStrength = s.biasStrength;
			partialVolumeSigma = s.partialVolumeSigma;
			textureStrength = s.textureStrength;
			ghostProbability = s.ghostProbability;
			ghostStrength = s.ghostStrength;
			clutter = s.clutter;
			supersampling = s.supersampling;
			apexLvScale = s.apexLvScale;
		}

		private static Range range(double min, double max, double lo, double hi, String what) {
			if (!(min >= lo && max <= hi && min <= max)) {
				throw new IllegalArgumentException(what + " range [" + min + ", " + max +
					"] must lie in [" + lo + ", " + hi + "]");
			}
			return new Range(min, max);
		}

		private static double value(double v, double lo, double hi, String what) {
			if (!(v >= lo && v <= hi)) {
				throw new IllegalArgumentException(what + " " + v + " must lie in [" + lo + ", " + hi + "]");
			}
			return v;
		}

		public Builder lvRadius(double min, double max) {
			lvRadius = range(min, max, 0.01, 0.2, "lvRadius");
			return this;
		}

		public Builder ellipticity(double min, double max) {
			ellipticity = range(min, max, 0, 0.3, "ellipticity");
			return this;
		}

		public Builder shapeIrregularity(double min, double max) {
			shapeIrregularity = range(min, max, 0, 0.1, "shapeIrregularity");
			return this;
		}

		public Builder myoThickness(double min, double max) {
			myoThickness = range(min, max, 0.1, 1.0, "myoThickness");
			return this;
		}

		public Builder rvThickness(double min, double max) {
			rvThickness = range(min, max, 0.2, 2.0, "rvThickness");
			return this;
		}

		public Builder rvExtent(double min, double max) {
			rvExtent = range(min, max, 0.5, 2, "rvExtent");
			return this;
		}

		public Builder rvFlatness(double min, double max) {
			rvFlatness = range(min, max, 0.2, 1.5, "rvFlatness");
			return this;
		}

		public Builder rvAngleJitterDegrees(double v) {
			rvAngleJitterDegrees = value(v, 0, 180, "rvAngleJitterDegrees");
			return this;
		}

		public Builder sceneRotationDegrees(double v) {
			sceneRotationDegrees = value(v, 0, 180, "sceneRotationDegrees");
			return this;
		}

		public Builder centreShift(double v) {
			centreShift = value(v, 0, 0.4, "centreShift");
			return this;
		}

		public Builder minMyoThicknessPixels(double v) {
			minMyoThicknessPixels = value(v, 0, 10, "minMyoThicknessPixels");
			return this;
		}

		public Builder bloodIntensity(double min, double max) {
			bloodIntensity = range(min, max, 0.05, 2, "bloodIntensity");
			return this;
		}

		public Builder myoIntensity(double min, double max) {
			myoIntensity = range(min, max, 0, 2, "myoIntensity");
			return this;
		}

		public Builder fatIntensity(double min, double max) {
			fatIntensity = range(min, max, 0, 2, "fatIntensity");
			return this;
		}

		public Builder liverIntensity(double min, double max) {
			liverIntensity = range(min, max, 0, 2, "liverIntensity");
			return this;
		}

		public Builder lungIntensity(double min, double max) {
			lungIntensity = range(min, max, 0, 2, "lungIntensity");
			return this;
		}

		public Builder softTissueIntensity(double min, double max) {
			softTissueIntensity = range(min, max, 0, 2, "softTissueIntensity");
			return this;
		}

		public Builder gamma(double min, double max) {
			gamma = range(min, max, 0.2, 5, "gamma");
			return this;
		}

		public Builder noiseSigma(double min, double max) {
			noiseSigma = range(min, max, 0, 1, "noiseSigma");
			return this;
		}

		public Builder biasStrength(double min, double max) {
			biasStrength = range(min, max, 0, 2, "biasStrength");
			return this;
		}

		public Builder partialVolumeSigma(double min, double max) {
			partialVolumeSigma = range(min, max, 0, 5, "partialVolumeSigma");
			return this;
		}

		public Builder textureStrength(double min, double max) {
			textureStrength = range(min, max, 0, 0.5, "textureStrength");
			return this;
		}

		public Builder ghostProbability(double v) {
			ghostProbability = value(v, 0, 1, "ghostProbability");
			return this;
		}

		public Builder ghostStrength(double min, double max) {
			ghostStrength = range(min, max, 0, 0.5, "ghostStrength");
			return this;
		}

		public Builder clutter(boolean v) {
			clutter = v;
			return this;
		}

		public Builder supersampling(int v) {
			if (v < 1 || v > 8) throw new IllegalArgumentException("supersampling " + v + " must lie in [1, 8]");
			supersampling = v;
			return this;
		}

		public Builder apexLvScale(double v) {
			apexLvScale = value(v, 0.05, 1, "apexLvScale");
			return this;
		}

		/**
		 * Collapses every range of these settings to its midpoint and turns
		 * rotation, shift, bias and ghosts off: an "easy" baseline. Images still
		 * differ in their noise, texture and the small built-in jitter of the
		 * background organs, which these settings do not expose.
		 */
		public Builder noVariation() {
			lvRadius = mid(lvRadius);
			ellipticity = mid(ellipticity);
			shapeIrregularity = new Range(0, 0);
			myoThickness = mid(myoThickness);
			rvThickness = mid(rvThickness);
			rvExtent = mid(rvExtent);
			rvFlatness = mid(rvFlatness);
			rvAngleJitterDegrees = 0;
			sceneRotationDegrees = 0;
			centreShift = 0;
			bloodIntensity = mid(bloodIntensity);
			myoIntensity = mid(myoIntensity);
			fatIntensity = mid(fatIntensity);
			liverIntensity = mid(liverIntensity);
			lungIntensity = mid(lungIntensity);
			softTissueIntensity = mid(softTissueIntensity);
			gamma = new Range(1, 1);
			noiseSigma = mid(noiseSigma);
			biasStrength = new Range(0, 0);
			partialVolumeSigma = mid(partialVolumeSigma);
			textureStrength = mid(textureStrength);
			ghostProbability = 0;
			return this;
		}

		private static Range mid(Range r) {
			double m = 0.5 * (r.min() + r.max());
			return new Range(m, m);
		}

		public PhantomSettings build() {
			return new PhantomSettings(this);
		}
	}
}
