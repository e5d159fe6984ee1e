package sc.fiji.cmems.phantom;

import java.util.SplittableRandom;

/**
 * Renders one parameter set into a signal image (before normalisation) and a
 * label image. Writes straight into primitive arrays.
 */
final class PhantomRenderer {

	// Tissue classes
	static final int AIR = 0, FAT = 1, MUSCLE = 2, SOFT = 3, LUNG = 4, LIVER = 5, BONE = 6,
		CORTEX = 7, CSF = 8, VESSEL = 9, STOMACH = 11, SMALL_VESSEL = 18, LV = 12, PAPILLARY = 13,
		MYO = 14, RV = 15, RV_WALL = 16, EPI_FAT = 17;
	/** Small vessel {@code i} has class {@code SMALL_VESSEL + i}, up to 8 of them. */
	static final int TISSUES = 26;

	private static final byte[] LABEL_OF = new byte[TISSUES];
	static {
		LABEL_OF[LV] = CardiacPhantom.LV;
		LABEL_OF[PAPILLARY] = CardiacPhantom.LV;
		LABEL_OF[MYO] = CardiacPhantom.MYO;
		LABEL_OF[RV] = CardiacPhantom.RV;
	}

	private final PhantomParameters p;
	private final boolean clutter;
	private final int supersampling;
	private final int w, h;
	private final double S;

	// Heart, in pixels
	final double hx, hy;
	private double reach2;
	private final double R, T, minT, Trv, wallT, fatT;
	private final double e2c, e2s;
	private final double[] endoC = new double[3], endoS = new double[3];
	private final double[] wallC = new double[3], wallS = new double[3];
	private final double[] rvC = new double[2], rvS = new double[2];
	private final double rvDx, rvDy, cosRv, sinRv, rvA, rvB, wallFactorA, wallFactorB;
	private final double f1c, f1s, f2c, f2s, fatW2;
	private final double[] papX = new double[2], papY = new double[2];
	private final double papR2;
	private final double trabDepth, trabEnvC, trabEnvS;
	private final double[] trabC = new double[3], trabS = new double[3];

	// Scene
	private final double bx, by, cosW, sinW, invA, invB, aspect;

	// Fields per pixel
	private final float[] texture, coarse, blob;
	private final float[] signal = new float[TISSUES];
	private final float[] textureWeight = new float[TISSUES];

	PhantomRenderer(PhantomParameters p, PhantomSettings s, int w, int h) {
		this(p, s, w, h, Double.NaN, Double.NaN);
	}

	/**
	 * @param lvX LV centre x in pixels, or NaN to place the heart from the
	 *          parameters' shift
	 * @param lvY LV centre y in pixels, or NaN
	 */
	PhantomRenderer(PhantomParameters p, PhantomSettings s, int w, int h, double lvX, double lvY) {
		this.p = p;
		this.clutter = s.clutter();
		this.supersampling = s.supersampling();
		this.w = w;
		this.h = h;
		this.S = Math.min(w, h);

		R = Math.max(p.lvRadius * S, 0.0);
		minT = s.minMyoThicknessPixels();
		T = p.myoThickness * S;
		Trv = p.rvThickness > 0 ? Math.max(p.rvThickness * S, 2.5) : 0;
		wallT = p.rvWallThickness * S;
		fatT = p.epiFat * S;
		e2c = p.ellipticity * Math.cos(2 * p.ellipseAngle);
		e2s = p.ellipticity * Math.sin(2 * p.ellipseAngle);
		for (int k = 0; k < 3; k++) {
			endoC[k] = p.endoAmp[k] * Math.cos(p.endoPhase[k]);
			endoS[k] = p.endoAmp[k] * Math.sin(p.endoPhase[k]);
			wallC[k] = p.wallAmp[k] * Math.cos(p.wallPhase[k]);
			wallS[k] = p.wallAmp[k] * Math.sin(p.wallPhase[k]);
		}
		for (int k = 0; k < 2; k++) {
			rvC[k] = p.rvAmp[k] * Math.cos(p.rvPhase[k]);
			rvS[k] = p.rvAmp[k] * Math.sin(p.rvPhase[k]);
		}
		// RV: the part outside the epicardium of an ellipse beside the LV,
		// centred at distance d along the RV direction
		double epi = R + Math.max(T, minT);
		double rb = p.rvExtent * epi;
		double ra = p.rvFlatness * rb;
		// The ellipse's near end must lie inside the ring (the crescent hugs it)
		// and its far end must not reach round the far side of the ring
		ra = Math.min(Math.max(ra, 0.5 * Trv + 0.3 * epi), 0.9 * epi + 0.5 * Trv);
		rvA = ra;
		rvB = Math.max(rb, 0.5 * ra);
		double d = epi + Trv - ra;
		rvDx = d * Math.cos(p.rvAngle); // relative to the LV centre
		rvDy = d * Math.sin(p.rvAngle);
		cosRv = Math.cos(p.rvAngle + p.rvTilt);
		sinRv = Math.sin(p.rvAngle + p.rvTilt);
		wallFactorA = rvA / (rvA + wallT);
		wallFactorB = rvB / (rvB + wallT);
		f1c = Math.cos(p.fatAngle1);
		f1s = Math.sin(p.fatAngle1);
		f2c = Math.cos(p.fatAngle2);
		f2s = Math.sin(p.fatAngle2);
		fatW2 = p.fatWeight2;

		// Place the heart: centre the LV-RV complex, then shift within what fits
		reach2 = Double.POSITIVE_INFINITY;
		double[] box = extent();
		double margin = 1.5;
		double cx = 0.5 * w - 0.5 * (box[0] + box[1]);
		double cy = 0.5 * h - 0.5 * (box[2] + box[3]);
		double slackX = Math.max(0, 0.5 * (w - 2 * margin - (box[1] - box[0])));
		double slackY = Math.max(0, 0.5 * (h - 2 * margin - (box[3] - box[2])));
		hx = Double.isNaN(lvX) ? cx + p.shiftX * Math.min(s.centreShift() * S, slackX) : lvX;
		hy = Double.isNaN(lvY) ? cy + p.shiftY * Math.min(s.centreShift() * S, slackY) : lvY;
		double reach = box[4] + 2;
		reach2 = reach * reach;
		for (int i = 0; i < 2; i++) {
			papX[i] = hx + p.papDistance * R * Math.cos(p.papAngle[i]);
			papY[i] = hy + p.papDistance * R * Math.sin(p.papAngle[i]);
		}
		papR2 = Math.pow(p.papRadius * R, 2);
		trabDepth = p.trabeculation * R;
		trabEnvC = Math.cos(p.trabAngle);
		trabEnvS = Math.sin(p.trabAngle);
		double trabNorm = p.trabAmp[0] + p.trabAmp[1] + p.trabAmp[2] + 1e-9;
		for (int k = 0; k < 3; k++) {
			trabC[k] = p.trabAmp[k] / trabNorm * Math.cos(p.trabPhase[k]);
			trabS[k] = p.trabAmp[k] / trabNorm * Math.sin(p.trabPhase[k]);
		}

		// Body: the heart sits anterior (up) and to the patient's left (image right)
		double A = p.bodyHalfWidth * S;
		double B = A * p.bodyAspect;
		aspect = p.bodyAspect;
		cosW = Math.cos(p.sceneRotation);
		sinW = Math.sin(p.sceneRotation);
		double ox = p.heartBodyX * A, oy = p.heartBodyY * B;
		bx = hx - (ox * cosW - oy * sinW);
		by = hy - (ox * sinW + oy * cosW);
		invA = 1 / A;
		invB = 1 / B;

		// Per-pixel fields
		texture = new float[w * h];
		SplittableRandom tr = new SplittableRandom(p.textureSeed);
		SmoothNoise.add(texture, w, h, 0.022 * S, 0.6, tr);
		SmoothNoise.add(texture, w, h, 0.05 * S, 0.4, tr);
		coarse = new float[w * h];
		SplittableRandom cr = new SplittableRandom(p.shapeSeed);
		SmoothNoise.add(coarse, w, h, 0.1 * S, 0.7, cr);
		SmoothNoise.add(coarse, w, h, 0.22 * S, 0.3, cr);
		blob = new float[w * h];
		SmoothNoise.add(blob, w, h, 0.05 * S, 0.75, cr);
		SmoothNoise.add(blob, w, h, 0.12 * S, 0.25, cr);

		setTissue(AIR, 0, 0);
		setTissue(FAT, p.fat, 1.0);
		setTissue(MUSCLE, p.muscle, 0.8);
		setTissue(SOFT, p.soft, 1.3);
		setTissue(LUNG, p.lungSignal, 1.5);
		setTissue(LIVER, p.liverSignal, 1.0);
		setTissue(BONE, p.bone, 1.3);
		setTissue(CORTEX, 0.06, 0.5);
		setTissue(CSF, p.csf, 0.3);
		setTissue(VESSEL, p.blood * 0.95, 0.2);
		for (int i = 0; i < 8; i++) {
			setTissue(SMALL_VESSEL + i, p.blood * p.vessel[4 * i + 3], 0.3);
		}
		setTissue(STOMACH, p.stomachSignal, 0.8);
		setTissue(LV, p.blood, 0.35);
		setTissue(PAPILLARY, p.papillary, 0.3);
		setTissue(MYO, p.myo, 0.5);
		setTissue(RV, p.rvBlood, 0.4);
		setTissue(RV_WALL, p.myo, 0.5);
		setTissue(EPI_FAT, p.fat, 0.8);
	}

	private void setTissue(int t, double value, double tex) {
		signal[t] = (float) value;
		textureWeight[t] = (float) (tex * p.textureStrength);
	}

	/**
	 * Bounding box of the heart relative to the LV centre, pixels: {minX, maxX,
	 * minY, maxY, maxRadius}.
	 */
	private double[] extent() {
		double[] box = { 0, 0, 0, 0, 0 };
		int n = 360;
		double rvPert = 1 + p.rvAmp[0] + p.rvAmp[1];
		double ea = (rvA + wallT) * rvPert + fatT, eb = (rvB + wallT) * rvPert + fatT;
		for (int i = 0; i < n; i++) {
			double a = 2 * Math.PI * i / n;
			double c = Math.cos(a), s = Math.sin(a);
			double c2 = c * c - s * s, s2 = 2 * s * c;
			double c3 = c2 * c - s2 * s, s3 = s2 * c + c2 * s;
			double c4 = c3 * c - s3 * s, s4 = s3 * c + c3 * s;
			double c5 = c4 * c - s4 * s, s5 = s4 * c + c4 * s;
			double r = endo(c2, s2, c3, s3, c4, s4, c5, s5) + wall(c, s, c2, s2, c3, s3) + fatT;
			include(box, r * c, r * s);
			if (Trv > 0) {
				double u = ea * c, v = eb * s;
				include(box, rvDx + u * cosRv - v * sinRv, rvDy + u * sinRv + v * cosRv);
			}
		}
		return box;
	}

	private static void include(double[] box, double x, double y) {
		box[0] = Math.min(box[0], x);
		box[1] = Math.max(box[1], x);
		box[2] = Math.min(box[2], y);
		box[3] = Math.max(box[3], y);
		box[4] = Math.max(box[4], Math.sqrt(x * x + y * y));
	}

	private double endo(double c2, double s2, double c3, double s3, double c4, double s4, double c5,
		double s5)
	{
		return R * (1 + e2c * c2 + e2s * s2 + endoC[0] * c3 + endoS[0] * s3 + endoC[1] * c4 +
			endoS[1] * s4 + endoC[2] * c5 + endoS[2] * s5);
	}

	private double wall(double c, double s, double c2, double s2, double c3, double s3) {
		double t = T * (1 + wallC[0] * c + wallS[0] * s + wallC[1] * c2 + wallS[1] * s2 + wallC[2] * c3 +
			wallS[2] * s3);
		return Math.max(t, minT);
	}

	/**
	 * Depth (0..1) of the trabeculae at the angle whose 4th and 5th harmonics
	 * and cosine/sine are given: thin, irregular fingers of muscle.
	 */
	private double trabecula(double c4, double s4, double c, double s) {
		// Harmonics 8, 11 and 14 by angle addition
		double c8 = c4 * c4 - s4 * s4, s8 = 2 * s4 * c4;
		double c3 = c4 * c + s4 * s, s3 = s4 * c - c4 * s;
		double c11 = c8 * c3 - s8 * s3, s11 = s8 * c3 + c8 * s3;
		double c14 = c11 * c3 - s11 * s3, s14 = s11 * c3 + c11 * s3;
		double v = trabC[0] * c8 + trabS[0] * s8 + trabC[1] * c11 + trabS[1] * s11 + trabC[2] * c14 +
			trabS[2] * s14;
		// Concentrated on one side of the ring (where the trabeculae are densest)
		double env = 0.5 + 0.5 * (c * trabEnvC + s * trabEnvS);
		return env * (v - 0.3) / 0.7;
	}

	/** Tissue class of the heart at (x, y) (pixel coordinates), or -1 outside it. */
	int heart(double x, double y) {
		double dx = x - hx, dy = y - hy;
		double rr = dx * dx + dy * dy;
		if (rr > reach2) return -1;
		double rho = Math.sqrt(rr);
		double c, s;
		if (rho < 1e-9) {
			c = 1;
			s = 0;
		}
		else {
			c = dx / rho;
			s = dy / rho;
		}
		double c2 = c * c - s * s, s2 = 2 * s * c;
		double c3 = c2 * c - s2 * s, s3 = s2 * c + c2 * s;
		double c4 = c3 * c - s3 * s, s4 = s3 * c + c3 * s;
		double c5 = c4 * c - s4 * s, s5 = s4 * c + c4 * s;
		double rEndo = endo(c2, s2, c3, s3, c4, s4, c5, s5);
		if (rho < rEndo) {
			for (int i = 0; i < 2; i++) {
				double px = x - papX[i], py = y - papY[i];
				if (px * px + py * py < papR2) return PAPILLARY;
			}
			if (rho > rEndo - trabDepth && trabecula(c4, s4, c, s) > (rEndo - rho) / trabDepth) {
				return PAPILLARY;
			}
			return LV;
		}
		double rEpi = rEndo + wall(c, s, c2, s2, c3, s3);
		if (rho < rEpi) return MYO;
		double f1 = 0.5 + 0.5 * (c * f1c + s * f1s);
		double f2 = 0.5 + 0.5 * (c2 * f2c + s2 * f2s);
		double fp = (1 - fatW2) * f1 + fatW2 * f2;
		double fat = fatT * fp * fp * fp;
		if (Trv > 0) {
			double ex = dx - rvDx, ey = dy - rvDy;
			double u = (ex * cosRv + ey * sinRv) / rvA;
			double v = (-ex * sinRv + ey * cosRv) / rvB;
			double q = u * u + v * v;
			double qOut = (u * wallFactorA) * (u * wallFactorA) + (v * wallFactorB) * (v * wallFactorB);
			double lim = (1 + fat / rvA) * (1 + p.rvAmp[0] + p.rvAmp[1]);
			if (qOut < lim * lim) {
				// Perturb the outline with harmonics of the angle around the RV centre
				double pert = 1;
				if (q > 1e-12) {
					double inv = 1 / Math.sqrt(q);
					double ca = u * inv, sa = v * inv;
					double ca2 = ca * ca - sa * sa, sa2 = 2 * sa * ca;
					double ca3 = ca2 * ca - sa2 * sa, sa3 = sa2 * ca + ca2 * sa;
					pert += rvC[0] * ca2 + rvS[0] * sa2 + rvC[1] * ca3 + rvS[1] * sa3;
				}
				double p2 = pert * pert;
				if (q < p2) return RV;
				if (qOut < p2) return RV_WALL;
				double fq = 1 + fat / rvA;
				if (qOut < p2 * fq * fq) return EPI_FAT;
			}
		}
		if (rho < rEpi + fat) return EPI_FAT;
		return -1;
	}

	/** Tissue class of the body at (x, y), pixel index {@code pix} for the fields. */
	int scene(double x, double y, int pix) {
		if (!clutter) return SOFT;
		double dx = x - bx, dy = y - by;
		double u = (dx * cosW + dy * sinW) * invA;
		double v = (-dx * sinW + dy * cosW) * invB;
		double rr = u * u + v * v;
		double cn = coarse[pix];
		double edge = 1 + 0.035 * cn;
		if (rr > edge * edge) return AIR;
		double r = Math.sqrt(rr) / edge;
		double fr = p.fatRim * (1 + 0.5 * cn);
		if (r > 1 - fr) return FAT;
		if (r > 1 - fr - p.muscleRim) return MUSCLE;
		// Distances in units of the body half-width (circles stay round)
		double va = v * aspect;
		double[] sp = p.spine;
		double spY = sp[1] * aspect;
		double sr = sp[2];
		if (d2(u, va, sp[0], spY + 1.5 * sr) < 0.2 * sr * sr) return CSF;
		double ds = d2(u, va, sp[0], spY) / (sr * sr);
		if (ds < 1 + 0.1 * cn) return ds < 0.7 ? BONE : CORTEX;
		for (int side = -1; side <= 1; side += 2) {
			double ex = (u - (sp[0] + side * 1.9 * sr)) / (1.7 * sr);
			double ey = (va - (spY + 1.2 * sr)) / (1.2 * sr);
			if (ex * ex + ey * ey < 1 + 0.2 * cn) return MUSCLE;
		}
		double[] ao = p.aorta;
		if (d2(u, va, ao[0], ao[1] * aspect) < ao[2] * ao[2]) return VESSEL;
		for (int i = 0; i < p.vessels; i++) {
			int o = 4 * i;
			double vr = p.vessel[o + 2];
			if (d2(u, va, p.vessel[o], p.vessel[o + 1] * aspect) < vr * vr) return SMALL_VESSEL + i;
		}
		if (p.stomach) {
			double[] st = p.stomachShape;
			if (d2(u, va, st[0], st[1] * aspect) < st[2] * st[2] * (1 + 0.3 * cn)) return STOMACH;
		}
		if (p.liver) {
			double[] lv = p.liverShape;
			double ex = (u - lv[0]) / lv[2], ey = (v - lv[1]) / lv[3];
			if (ex * ex + ey * ey < 1 + 0.25 * cn) return LIVER;
		}
		for (int l = 0; l < 8; l += 4) {
			double ex = (u - p.lung[l]) / p.lung[l + 2], ey = (v - p.lung[l + 1]) / p.lung[l + 3];
			if (ex * ex + ey * ey < 1 + 0.35 * cn) return LUNG;
		}
		// Sternum, just inside the anterior chest wall
		double inner = 1 - fr - p.muscleRim;
		double ex = u / 0.09, ey = (v + inner - 0.05) / 0.04;
		if (ex * ex + ey * ey < 1) return CORTEX;
		// Fat marbling the soft tissue, mostly near the heart (mediastinal fat)
		double hd = ((x - hx) * (x - hx) + (y - hy) * (y - hy)) / reach2;
		return blob[pix] > p.marble + 0.4 * Math.max(0, hd - 1) ? FAT : SOFT;
	}

	private static double d2(double x, double y, double cx, double cy) {
		double a = x - cx, b = y - cy;
		return a * a + b * b;
	}

	private int tissue(double x, double y, int pix) {
		int t = heart(x, y);
		return t >= 0 ? t : scene(x, y, pix);
	}

	/**
	 * Renders the noisy signal (not yet normalised) and the labels.
	 *
	 * @param out {@code w * h} signal, written from {@code offset}
	 * @param labels {@code w * h} labels, written from {@code offset}
	 */
	void render(float[] out, byte[] labels, int offset) {
		int n = w * h;
		byte[] cls = new byte[n];
		// 1. Tissue at pixel centres
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				cls[i] = (byte) tissue(x + 0.5, y + 0.5, i);
			}
		}
		// 2. Signal: supersample pixels on a tissue boundary (partial volume)
		float[] img = new float[n];
		int ss = supersampling;
		float inv = 1f / (ss * ss);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				int t = cls[i];
				boolean edge = ss > 1 && (x > 0 && cls[i - 1] != t || x < w - 1 && cls[i + 1] != t ||
					y > 0 && cls[i - w] != t || y < h - 1 && cls[i + w] != t);
				float tex = texture[i];
				if (!edge) {
					img[i] = signal[t] * (1 + textureWeight[t] * tex);
				}
				else {
					float acc = 0;
					for (int sy = 0; sy < ss; sy++) {
						for (int sx = 0; sx < ss; sx++) {
							int u = tissue(x + (sx + 0.5) / ss, y + (sy + 0.5) / ss, i);
							acc += signal[u] * (1 + textureWeight[u] * tex);
						}
					}
					img[i] = acc * inv;
				}
				labels[offset + i] = LABEL_OF[t];
			}
		}
		closeRing(labels, offset);
		// 3. Point-spread / partial-volume blur
		SmoothNoise.gaussianBlur(img, w, h, p.partialVolumeSigma);
		// 4. Motion ghost of the heart along one axis (wraps around like MRI aliasing)
		if (p.ghostStrength > 0) {
			float[] src = new float[n];
			for (int i = 0; i < n; i++) {
				if (labels[offset + i] != 0) src[i] = img[i];
			}
			SmoothNoise.gaussianBlur(src, w, h, 1.0);
			int shift = (int) Math.round(p.ghostShift * (p.ghostAxis == 0 ? w : h));
			float g = (float) p.ghostStrength;
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					int sx = p.ghostAxis == 0 ? Math.floorMod(x - shift, w) : x;
					int sy = p.ghostAxis == 0 ? y : Math.floorMod(y - shift, h);
					int tx = p.ghostAxis == 0 ? Math.floorMod(x + shift, w) : x;
					int ty = p.ghostAxis == 0 ? y : Math.floorMod(y + shift, h);
					img[y * w + x] += g * src[sy * w + sx] + 0.5f * g * src[ty * w + tx];
				}
			}
		}
		// 5. Smooth multiplicative bias field: coarse noise plus a gradient
		float[] bias = new float[n];
		SmoothNoise.add(bias, w, h, 0.45 * S, 1.0, new SplittableRandom(p.biasSeed));
		double gx = p.biasGradX * 0.4, gy = p.biasGradY * 0.4;
		// 6. Gamma and Rician noise
		SplittableRandom nr = new SplittableRandom(p.noiseSeed);
		double sigma = p.noiseSigma;
		double gamma = p.gamma;
		double[] gauss = new double[2];
		for (int y = 0; y < h; y++) {
			double Y = 2.0 * (y + 0.5) / h - 1;
			for (int x = 0; x < w; x++) {
				double X = 2.0 * (x + 0.5) / w - 1;
				int i = y * w + x;
				double b = Math.exp(p.biasStrength * (0.6 * bias[i] + gx * X + gy * Y));
				double v = Math.max(0, img[i]) * b;
				v = Math.pow(v, gamma);
				gaussianPair(nr, gauss);
				double re = v + sigma * gauss[0];
				double im = sigma * gauss[1];
				out[offset + i] = (float) Math.sqrt(re * re + im * im);
			}
		}
	}

	/** Makes the myocardium close the pool: LV pixels 4-adjacent to background or RV become Myo. */
	private void closeRing(byte[] labels, int o) {
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int i = o + y * w + x;
				if (labels[i] != CardiacPhantom.LV) continue;
				if (x > 0 && open(labels[i - 1]) || x < w - 1 && open(labels[i + 1]) || y > 0 &&
					open(labels[i - w]) || y < h - 1 && open(labels[i + w]))
				{
					labels[i] = CardiacPhantom.MYO;
				}
			}
		}
	}

	private static boolean open(byte label) {
		return label == CardiacPhantom.BACKGROUND || label == CardiacPhantom.RV;
	}

	/** Two independent standard normal variates (Marsaglia's polar method). */
	private static void gaussianPair(SplittableRandom rng, double[] out) {
		double u, v, s;
		do {
			u = 2 * rng.nextDouble() - 1;
			v = 2 * rng.nextDouble() - 1;
			s = u * u + v * v;
		}
		while (s >= 1 || s == 0);
		double f = Math.sqrt(-2 * Math.log(s) / s);
		out[0] = u * f;
		out[1] = v * f;
	}

	/**
	 * Divides by {@code scale} times the {@code percentile} of the values and
	 * clips to [0, 1]; non-finite values become 0.
	 */
	static void normalise(float[] data, double percentile, double scale) {
		float max = 0;
		for (float v : data) {
			if (v > max) max = v;
		}
		if (!(max > 0) || Float.isInfinite(max)) {
			for (int i = 0; i < data.length; i++) {
				data[i] = Float.isFinite(data[i]) && data[i] > 0 ? Math.min(1f, data[i]) : 0f;
			}
			return;
		}
		int bins = 4096;
		int[] hist = new int[bins];
		float toBin = (bins - 1) / max;
		for (float v : data) {
			if (v > 0) hist[(int) (v * toBin)]++;
			else hist[0]++;
		}
		long target = (long) Math.ceil(percentile * data.length);
		long acc = 0;
		int b = 0;
		for (; b < bins; b++) {
			acc += hist[b];
			if (acc >= target) break;
		}
		double pval = (b + 1) / (double) toBin;
		float div = (float) (pval * scale);
		if (!(div > 0)) div = max;
		float inv = 1f / div;
		for (int i = 0; i < data.length; i++) {
			float v = data[i] * inv;
			data[i] = v > 0 ? (v < 1 ? v : 1f) : 0f;
		}
	}
}
