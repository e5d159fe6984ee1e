// CMEMS: train a segmentation model from ONE labeled image and unlabeled images.
//
// Works in Fiji and in plain ImageJ 1.x (with the CMEMS jar in plugins/).
// Argument (all optional, key=value separated by spaces):
//   dir=<folder/>        work folder; it must hold exemplar.tif, exemplar-labels.tif and unlabeled/*.tif,
//                        else a small synthetic data set (a bright disc in a dark ring) is made there first
//   iterations=200  imagesize=64  device=auto  batches=[exemplarbatch=2 syntheticbatch=4 unlabeledbatch=6]
// Writes <dir>/model.cmems and prints its path. Example (headless):
//   ImageJ --headless -batch CMEMS_Train_From_Exemplar.ijm "dir=/tmp/cmems/ iterations=50 imagesize=32"

args = getArgument();
dir = option(args, "dir", getDirectory("temp") + "cmems-example" + File.separator);
if (!endsWith(dir, "/") && !endsWith(dir, File.separator)) dir = dir + File.separator;
iterations = option(args, "iterations", "200");
size = parseInt(option(args, "imagesize", "64"));
device = option(args, "device", "auto");
batches = option(args, "batches", "exemplarbatch=2 syntheticbatch=4 unlabeledbatch=6");

setBatchMode(true);
if (!File.exists(dir + "exemplar.tif")) makeExampleData(dir, size, 6);

// the exemplar and its labels as open images (they could as well be given as files: exemplarfile=, labelsfile=)
open(dir + "exemplar.tif");
exemplar = getTitle();
open(dir + "exemplar-labels.tif");
labels = getTitle();
model = dir + "model.cmems";
run("Train from Exemplar", "exemplar=[" + exemplar + "] labels=[" + labels + "] unlabeledfolder=[" + dir + "unlabeled] filter=*.tif"
	+ " model=[" + model + "] method=cmems iterations=" + iterations + " imagesize=" + size + " " + batches
	+ " threshold=0.95 device=" + device + " seed=1 classnames=[background,ring,disc]");
print("CMEMS model: " + model);

// ---- helpers ----

// value of key in "key=value key2=[value with spaces]", or the default
function option(text, key, fallback) {
	text = " " + text + " ";
	i = indexOf(text, " " + key + "=");
	if (i < 0) return fallback;
	start = i + lengthOf(key) + 2;
	if (substring(text, start, start + 1) == "[") return substring(text, start + 1, indexOf(text, "]", start));
	return substring(text, start, indexOf(text, " ", start));
}

// exemplar.tif + exemplar-labels.tif, and n unlabeled images with their truth (for evaluation) in unlabeled/ and truth/
function makeExampleData(dir, size, n) {
	File.makeDirectory(dir);
	File.makeDirectory(dir + "unlabeled");
	File.makeDirectory(dir + "truth");
	random("seed", 1);
	drawPair(dir + "exemplar.tif", dir + "exemplar-labels.tif", size);
	for (k = 0; k < n; k++) drawPair(dir + "unlabeled" + File.separator + "image" + k + ".tif", dir + "truth" + File.separator + "image" + k + ".tif", size);
}

// a noisy image with a dark ring (label 1) around a bright disc (label 2), at a random place and size
function drawPair(imagePath, labelPath, size) {
	r = size * (0.12 + 0.06 * random);
	x = size * (0.35 + 0.3 * random);
	y = size * (0.35 + 0.3 * random);
	outer = 1.7 * r;
	newImage("image", "32-bit black", size, size, 1);
	run("Set...", "value=0.2");
	makeOval(x - outer, y - outer, 2 * outer, 2 * outer);
	run("Set...", "value=0.45");
	makeOval(x - r, y - r, 2 * r, 2 * r);
	run("Set...", "value=0.9");
	run("Select None");
	run("Add Specified Noise...", "standard=0.04");
	saveAs("Tiff", imagePath);
	close();
	newImage("labels", "8-bit black", size, size, 1);
	makeOval(x - outer, y - outer, 2 * outer, 2 * outer);
	run("Set...", "value=1");
	makeOval(x - r, y - r, 2 * r, 2 * r);
	run("Set...", "value=2");
	run("Select None");
	saveAs("Tiff", labelPath);
	close();
}
