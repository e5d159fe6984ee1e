package sc.fiji.cmems.phantom;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The parameters drawn for one phantom image (for debugging and tests).
 * <p>
 * Independent of the image size: lengths are in units of the field of view
 * {@code S = min(width, height)}, angles in radians measured in image
 * coordinates (x to the right, y down, so positive angles turn clockwise on
 * screen). Intensities are signal units where blood is about 1, before gamma,
 * bias, noise and normalisation. For a slice of a
 * {@linkplain CardiacPhantom#volume volume}, {@link #level()} says where it
 * lies between base (0) and apex (1); it is {@code NaN} for a 2D sample.
 */
public final class PhantomParameters {

	double level = Double.NaN;

	// --- heart (lengths in units of S) ---
	double lvRadius;
	double ellipticity;
	double ellipseAngle;
	final double[] endoAmp = new double[3]; // harmonics 3..5
	final double[] endoPhase = new double[3];
	double myoThickness;
	final double[] wallAmp = new double[3]; // harmonics 1..3 of the wall thickness
	final double[] wallPhase = new double[3];
	double rvAngle;
	double rvThickness;
	double rvExtent; // RV ellipse half-length across the RV direction / mean epicardial radius
	double rvFlatness; // RV ellipse half-length along the RV direction / the other
	double rvTilt; // rotation of the RV ellipse's axes from the RV direction
	final double[] rvAmp = new double[2]; // harmonics 2..3 of the RV outline
	final double[] rvPhase = new double[2];
	double rvWallThickness;
	double epiFat;
	double fatAngle1, fatAngle2, fatWeight2;
	final double[] papAngle = new double[2];
	double papRadius; // fraction of the LV radius
	double papDistance; // fraction of the LV radius
	double trabeculation; // depth of the endocardial trabeculae, fraction of the LV radius
	double trabAngle; // where the trabeculae are densest
	final double[] trabAmp = new double[3]; // harmonics 8, 11, 14
	final double[] trabPhase = new double[3];
	double shiftX, shiftY; // in [-1, 1]: fraction of the allowed centre shift

	// --- scene (body coordinates: x, y in [-1, 1] across the body ellipse) ---
	double sceneRotation;
	double bodyHalfWidth; // units of S
	double bodyAspect;
	double heartBodyX, heartBodyY;
	double fatRim, muscleRim;
	double marble; // threshold of the fat blobs in soft tissue (higher: less fat)
	final double[] lung = new double[8]; // (cx, cy, rx, ry) x 2
	boolean liver;
	final double[] liverShape = new double[4];
	boolean stomach;
	final double[] stomachShape = new double[3];
	final double[] aorta = new double[3];
	final double[] spine = new double[3];
	int vessels;
	final double[] vessel = new double[4 * 8]; // (x, y, r, intensity factor) x up to 8

	// --- tissue signal ---
	double blood, rvBlood, myo, papillary, fat, muscle, liverSignal, lungSignal, soft, bone, csf, stomachSignal;

	// --- acquisition ---
	double gamma;
	double noiseSigma;
	double biasStrength, biasGradX, biasGradY;
	double partialVolumeSigma;
	double textureStrength;
	double ghostStrength;
	int ghostAxis;
	double ghostShift;
	double normPercentile, normScale;

	// --- seeds of the noise fields ---
	long textureSeed, shapeSeed, biasSeed, noiseSeed;

	PhantomParameters() {}

	/** Draws all parameters in a fixed order from {@code rng}. */
	static PhantomParameters draw(PhantomSettings s, SplittableRandom rng) {
		PhantomParameters p = new PhantomParameters();
		// Heart shape
		p.lvRadius = s.lvRadius().draw(rng);
		p.ellipticity = s.ellipticity().draw(rng);
		p.ellipseAngle = Math.PI * rng.nextDouble();
		for (int k = 0; k < 3; k++) {
			double irr = s.shapeIrregularity().draw(rng);
			p.endoAmp[k] = irr * (0.4 + 0.6 * rng.nextDouble()) / (1 + 0.5 * k);
			p.endoPhase[k] = 2 * Math.PI * rng.nextDouble();
		}
		p.myoThickness = p.lvRadius * s.myoThickness().draw(rng);
		for (int k = 0; k < 3; k++) {
			p.wallAmp[k] = (k == 0 ? 0.15 : 0.06) * rng.nextDouble();
			p.wallPhase[k] = 2 * Math.PI * rng.nextDouble();
		}
		p.sceneRotation = Math.toRadians(s.sceneRotationDegrees() * (2 * rng.nextDouble() - 1));
		// Anatomical RV direction: image left, slightly up (y points down)
		p.rvAngle = Math.toRadians(200) + p.sceneRotation +
			Math.toRadians(s.rvAngleJitterDegrees() * (2 * rng.nextDouble() - 1));
		p.rvThickness = p.lvRadius * s.rvThickness().draw(rng);
		p.rvExtent = s.rvExtent().draw(rng);
		p.rvFlatness = s.rvFlatness().draw(rng);
		p.rvTilt = Math.toRadians(20 * (2 * rng.nextDouble() - 1));
		for (int k = 0; k < 2; k++) {
			p.rvAmp[k] = 0.06 * rng.nextDouble();
			p.rvPhase[k] = 2 * Math.PI * rng.nextDouble();
		}
		p.rvWallThickness = p.lvRadius * (0.05 + 0.06 * rng.nextDouble());
		p.epiFat = p.lvRadius * 0.5 * rng.nextDouble();
		p.fatAngle1 = 2 * Math.PI * rng.nextDouble();
		p.fatAngle2 = 2 * Math.PI * rng.nextDouble();
		p.fatWeight2 = rng.nextDouble();
		// Papillary muscles: roughly opposite the RV, anterolateral and inferomedial
		p.papAngle[0] = p.rvAngle + Math.PI - Math.toRadians(45 + 25 * rng.nextDouble());
		p.papAngle[1] = p.rvAngle + Math.PI + Math.toRadians(45 + 25 * rng.nextDouble());
		p.papRadius = 0.13 + 0.12 * rng.nextDouble();
		p.papDistance = 1 - p.papRadius * (0.5 + 0.6 * rng.nextDouble());
		p.trabeculation = 0.12 * rng.nextDouble();
		p.trabAngle = 2 * Math.PI * rng.nextDouble();
		for (int k = 0; k < 3; k++) {
			p.trabAmp[k] = rng.nextDouble();
			p.trabPhase[k] = 2 * Math.PI * rng.nextDouble();
		}
		p.shiftX = 2 * rng.nextDouble() - 1;
		p.shiftY = 2 * rng.nextDouble() - 1;

		// Scene
		p.bodyHalfWidth = p.lvRadius / (0.08 + 0.07 * rng.nextDouble());
		p.bodyAspect = 0.6 + 0.15 * rng.nextDouble();
		p.heartBodyX = 0.14 + 0.14 * rng.nextDouble();
		p.heartBodyY = -0.2 + 0.15 * rng.nextDouble();
		p.fatRim = 0.04 + 0.06 * rng.nextDouble();
		p.muscleRim = 0.03 + 0.05 * rng.nextDouble();
		p.marble = 0.3 + 0.45 * rng.nextDouble();
		double[] lungBase = { -0.5, 0.08, 0.44, 0.76, 0.5, 0.1, 0.44, 0.72 };
		for (int i = 0; i < 8; i++) {
			double j = i % 4 < 2 ? 0.06 : 0.1 * lungBase[i];
			p.lung[i] = lungBase[i] + j * (2 * rng.nextDouble() - 1);
		}
		p.liver = rng.nextDouble() < 0.75;
		p.liverShape[0] = -0.38 + 0.1 * (2 * rng.nextDouble() - 1);
		p.liverShape[1] = 0.4 + 0.12 * (2 * rng.nextDouble() - 1);
		p.liverShape[2] = 0.45 + 0.1 * (2 * rng.nextDouble() - 1);
		p.liverShape[3] = 0.38 + 0.1 * (2 * rng.nextDouble() - 1);
		p.stomach = rng.nextDouble() < 0.35;
		p.stomachShape[0] = 0.42 + 0.1 * (2 * rng.nextDouble() - 1);
		p.stomachShape[1] = 0.48 + 0.1 * (2 * rng.nextDouble() - 1);
		p.stomachShape[2] = 0.13 + 0.08 * rng.nextDouble();
		p.aorta[0] = 0.13 + 0.05 * (2 * rng.nextDouble() - 1);
		p.aorta[1] = 0.52 + 0.05 * (2 * rng.nextDouble() - 1);
		p.aorta[2] = 0.055 + 0.025 * rng.nextDouble();
		p.spine[0] = 0.02 * (2 * rng.nextDouble() - 1);
		p.spine[1] = 0.72 + 0.04 * (2 * rng.nextDouble() - 1);
		p.spine[2] = 0.1 + 0.03 * rng.nextDouble();
		p.vessels = 2 + rng.nextInt(6);
		for (int v = 0; v < 8; v++) {
			// A point in one of the lungs
			int l = rng.nextInt(2) * 4;
			double a = 2 * Math.PI * rng.nextDouble();
			double r = 0.85 * Math.sqrt(rng.nextDouble());
			p.vessel[4 * v] = p.lung[l] + r * p.lung[l + 2] * Math.cos(a);
			p.vessel[4 * v + 1] = p.lung[l + 1] + r * p.lung[l + 3] * Math.sin(a);
			p.vessel[4 * v + 2] = 0.012 + 0.025 * rng.nextDouble();
			p.vessel[4 * v + 3] = 0.3 + 0.5 * rng.nextDouble();
		}

		// Tissue signal
		p.blood = s.bloodIntensity().draw(rng);
		p.rvBlood = p.blood * (0.85 + 0.2 * rng.nextDouble());
		p.myo = s.myoIntensity().draw(rng);
		p.papillary = p.myo * (1.0 + 0.4 * rng.nextDouble());
		p.fat = s.fatIntensity().draw(rng);
		p.muscle = p.myo * (0.8 + 0.35 * rng.nextDouble());
		p.liverSignal = s.liverIntensity().draw(rng);
		p.lungSignal = s.lungIntensity().draw(rng);
		p.soft = s.softTissueIntensity().draw(rng);
		p.bone = 0.3 + 0.25 * rng.nextDouble();
		p.csf = 0.55 + 0.35 * rng.nextDouble();
		p.stomachSignal = rng.nextBoolean() ? 0.55 + 0.35 * rng.nextDouble() : 0.05 + 0.2 * rng.nextDouble();

		// Acquisition
		p.gamma = s.gamma().draw(rng);
		p.noiseSigma = s.noiseSigma().draw(rng);
		p.biasStrength = s.biasStrength().draw(rng);
		double ga = 2 * Math.PI * rng.nextDouble();
		p.biasGradX = Math.cos(ga);
		p.biasGradY = Math.sin(ga);
		p.partialVolumeSigma = s.partialVolumeSigma().draw(rng);
		p.textureStrength = s.textureStrength().draw(rng);
		boolean ghost = rng.nextDouble() < s.ghostProbability();
		double gs = s.ghostStrength().draw(rng);
		p.ghostStrength = ghost ? gs : 0;
		p.ghostAxis = rng.nextInt(2);
		p.ghostShift = 0.25 + 0.25 * rng.nextDouble();
		p.normPercentile = 0.99 + 0.008 * rng.nextDouble();
		p.normScale = 0.95 + 0.2 * rng.nextDouble();

		p.textureSeed = rng.nextLong();
		p.shapeSeed = rng.nextLong();
		p.biasSeed = rng.nextLong();
		p.noiseSeed = rng.nextLong();
		return p;
	}

	/**
	 * Parameters of a slice at {@code level} between base (0) and apex (1): the
	 * LV shrinks towards the apex, the wall thickens relatively, the RV thins and
	 * vanishes near the apex, the liver rises into view.
	 */
	PhantomParameters atLevel(double t, double apexLvScale, int slice) {
		PhantomParameters p = copy();
		p.level = t;
		double lvScale = 1 - (1 - apexLvScale) * Math.pow(t, 1.4);
		p.lvRadius = lvRadius * lvScale;
		p.myoThickness = myoThickness * (0.9 + 0.2 * t) * (0.5 + 0.5 * lvScale);
		double rvScale = Math.max(0, 1 - t / 0.8);
		p.rvThickness = rvThickness * Math.pow(rvScale, 0.7);
		p.rvExtent = rvExtent * (0.8 + 0.2 * rvScale);
		p.rvWallThickness = rvWallThickness * Math.min(1, 3 * rvScale);
		p.epiFat = epiFat * (1.2 - 0.5 * t);
		p.papRadius = t > 0.85 ? 0 : papRadius;
		for (int k = 0; k < 3; k++) {
			p.endoPhase[k] = endoPhase[k] + 0.6 * t;
		}
		p.liver = liver || t > 0.5;
		p.liverShape[1] = liverShape[1] - 0.3 * t;
		p.liverShape[2] = liverShape[2] * (1 + 0.25 * t);
		p.liverShape[3] = liverShape[3] * (1 + 0.3 * t);
		p.lung[3] = lung[3] * (1 - 0.25 * t);
		p.lung[7] = lung[7] * (1 - 0.25 * t);
		// New texture and noise for each slice, the same bias field for the stack
		p.textureSeed = textureSeed ^ (0x9E3779B97F4A7C15L * (slice + 1));
		p.noiseSeed = noiseSeed ^ (0xC2B2AE3D27D4EB4FL * (slice + 1));
		return p;
	}

	/** @return a deep copy */
	PhantomParameters copy() {
		PhantomParameters p = new PhantomParameters();
		p.level = level;
		p.lvRadius = lvRadius;
		p.ellipticity = ellipticity;
		p.ellipseAngle = ellipseAngle;
		System.arraycopy(endoAmp, 0, p.endoAmp, 0, 3);
		System.arraycopy(endoPhase, 0, p.endoPhase, 0, 3);
		p.myoThickness = myoThickness;
		System.arraycopy(wallAmp, 0, p.wallAmp, 0, 3);
		System.arraycopy(wallPhase, 0, p.wallPhase, 0, 3);
		p.rvAngle = rvAngle;
		p.rvThickness = rvThickness;
		p.rvExtent = rvExtent;
		p.rvFlatness = rvFlatness;
		p.rvTilt = rvTilt;
		System.arraycopy(rvAmp, 0, p.rvAmp, 0, 2);
		System.arraycopy(rvPhase, 0, p.rvPhase, 0, 2);
		p.rvWallThickness = rvWallThickness;
		p.epiFat = epiFat;
		p.fatAngle1 = fatAngle1;
		p.fatAngle2 = fatAngle2;
		p.fatWeight2 = fatWeight2;
		System.arraycopy(papAngle, 0, p.papAngle, 0, 2);
		p.papRadius = papRadius;
		p.papDistance = papDistance;
		p.trabeculation = trabeculation;
		p.trabAngle = trabAngle;
		System.arraycopy(trabAmp, 0, p.trabAmp, 0, 3);
		System.arraycopy(trabPhase, 0, p.trabPhase, 0, 3);
		p.shiftX = shiftX;
		p.shiftY = shiftY;
		p.sceneRotation = sceneRotation;
		p.bodyHalfWidth = bodyHalfWidth;
		p.bodyAspect = bodyAspect;
		p.heartBodyX = heartBodyX;
		p.heartBodyY = heartBodyY;
		p.fatRim = fatRim;
		p.muscleRim = muscleRim;
		p.marble = marble;
		System.arraycopy(lung, 0, p.lung, 0, lung.length);
		p.liver = liver;
		System.arraycopy(liverShape, 0, p.liverShape, 0, liverShape.length);
		p.stomach = stomach;
		System.arraycopy(stomachShape, 0, p.stomachShape, 0, stomachShape.length);
		System.arraycopy(aorta, 0, p.aorta, 0, aorta.length);
		System.arraycopy(spine, 0, p.spine, 0, spine.length);
		p.vessels = vessels;
		System.arraycopy(vessel, 0, p.vessel, 0, vessel.length);
		p.blood = blood;
		p.rvBlood = rvBlood;
		p.myo = myo;
		p.papillary = papillary;
		p.fat = fat;
		p.muscle = muscle;
		p.liverSignal = liverSignal;
		p.lungSignal = lungSignal;
		p.soft = soft;
		p.bone = bone;
		p.csf = csf;
		p.stomachSignal = stomachSignal;
		p.gamma = gamma;
		p.noiseSigma = noiseSigma;
		p.biasStrength = biasStrength;
		p.biasGradX = biasGradX;
		p.biasGradY = biasGradY;
		p.partialVolumeSigma = partialVolumeSigma;
		p.textureStrength = textureStrength;
		p.ghostStrength = ghostStrength;
		p.ghostAxis = ghostAxis;
		p.ghostShift = ghostShift;
		p.normPercentile = normPercentile;
		p.normScale = normScale;
		p.textureSeed = textureSeed;
		p.shapeSeed = shapeSeed;
		p.biasSeed = biasSeed;
		p.noiseSeed = noiseSeed;
		return p;
	}

	/** @return base (0) to apex (1) for a volume slice, NaN for a 2D sample */
	public double level() {
		return level;
	}

	/** @return mean LV blood-pool radius, units of S */
	public double lvRadius() {
		return lvRadius;
	}

	/** @return relative amplitude of the second radial harmonic (ellipticity) */
	public double ellipticity() {
		return ellipticity;
	}

	/** @return mean myocardial wall thickness, units of S */
	public double myoThickness() {
		return myoThickness;
	}

	/** @return largest RV crescent thickness, units of S */
	public double rvThickness() {
		return rvThickness;
	}

	/** @return direction of the RV from the LV centre, radians (image coordinates) */
	public double rvAngle() {
		return rvAngle;
	}

	/** @return RV ellipse half-length across the RV direction relative to the mean epicardial radius */
	public double rvExtent() {
		return rvExtent;
	}

	/** @return RV ellipse axis ratio (along / across the RV direction) */
	public double rvFlatness() {
		return rvFlatness;
	}

	/** @return rotation of the whole anatomy, radians */
	public double sceneRotation() {
		return sceneRotation;
	}

	/** @return blood signal before gamma and normalisation */
	public double bloodIntensity() {
		return blood;
	}

	/** @return myocardium signal before gamma and normalisation */
	public double myoIntensity() {
		return myo;
	}

	/** @return gamma applied to the noiseless signal */
	public double gamma() {
		return gamma;
	}

	/** @return complex noise standard deviation relative to blood */
	public double noiseSigma() {
		return noiseSigma;
	}

	/** @return log-amplitude of the bias field */
	public double biasStrength() {
		return biasStrength;
	}

	/** @return partial-volume blur, pixels */
	public double partialVolumeSigma() {
		return partialVolumeSigma;
	}

	/** @return relative tissue texture amplitude */
	public double textureStrength() {
		return textureStrength;
	}

	/** @return ghost amplitude (0: no ghost) */
	public double ghostStrength() {
		return ghostStrength;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT,
			"PhantomParameters{level=%.3f, lvRadius=%.4f, ellipticity=%.3f, myoThickness=%.4f, " +
				"rvThickness=%.4f, rvAngle=%.1fdeg, rvExtent=%.3f, rvFlatness=%.3f, sceneRotation=%.1fdeg, " +
				"blood=%.3f, myo=%.3f, gamma=%.3f, noiseSigma=%.4f, bias=%.3f, pvSigma=%.2f, " +
				"texture=%.3f, ghost=%.3f}",
			level, lvRadius, ellipticity, myoThickness, rvThickness, Math.toDegrees(rvAngle),
			rvExtent, rvFlatness, Math.toDegrees(sceneRotation), blood, myo, gamma,
			noiseSigma, biasStrength, partialVolumeSigma, textureStrength, ghostStrength);
	}
}
