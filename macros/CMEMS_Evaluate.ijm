// CMEMS: Dice, HD95 and ASD of predicted label images against ground truth.
//
// Argument (key=value separated by spaces):
//   predictions=<folder/>  truth=<folder/>  csv=<file.csv>  [model=<file.cmems>]  [calibrated]
// Files are paired by name (without extension). The table has one row per image and class;
// it is saved to csv= and, with a display, shown as "CMEMS evaluation". With model= the class
// names come from the model, and a label the model does not know is an error.

args = getArgument();
predictions = option(args, "predictions", "");
truth = option(args, "truth", "");
csv = option(args, "csv", "");
model = option(args, "model", "");
if (predictions == "" || truth == "" || csv == "") exit("usage: predictions=<folder> truth=<folder> csv=<file.csv> [model=<file.cmems>]");
calibrated = "";
if (indexOf(" " + args + " ", " calibrated ") >= 0) calibrated = " calibrated";

setBatchMode(true);
options = "predictionfolder=[" + predictions + "] truthfolder=[" + truth + "] filter=* csv=[" + csv + "]" + calibrated;
if (model != "") options = options + " model=[" + model + "]";
run("Evaluate Segmentation", options);
lines = split(File.openAsString(csv), "\n");
print("evaluation: " + (lines.length - 1) + " rows (image x class) saved to " + csv);

function option(text, key, fallback) {
	text = " " + text + " ";
	i = indexOf(text, " " + key + "=");
	if (i < 0) return fallback;
	start = i + lengthOf(key) + 2;
	if (substring(text, start, start + 1) == "[") return substring(text, start + 1, indexOf(text, "]", start));
	return substring(text, start, indexOf(text, " ", start));
}
