// CMEMS: segment every image of a folder with a trained model, and one open image.
//
// Argument (key=value separated by spaces; brackets around values with spaces):
//   model=<file.cmems>  input=<folder/>  output=<folder/>  [filter=*.tif]  [labelimage=<file.tif>]
// Segment Folder writes a label TIFF of the same name per input file into output/ (files already
// there are skipped, a file that fails is logged and the others go on). Then the first input image
// is opened and segmented with Segment Image; its label image is saved to labelimage= when given.

args = getArgument();
model = option(args, "model", "");
input = option(args, "input", "");
output = option(args, "output", "");
filter = option(args, "filter", "*.tif");
labelImage = option(args, "labelimage", "");
if (model == "" || input == "" || output == "") exit("usage: model=<file.cmems> input=<folder> output=<folder> [filter=*.tif] [labelimage=<file.tif>]");
if (!endsWith(input, File.separator) && !endsWith(input, "/")) input = input + File.separator;
if (!endsWith(output, File.separator) && !endsWith(output, "/")) output = output + File.separator;

setBatchMode(true);
run("Segment Folder", "model=[" + model + "] input=[" + input + "] filter=[" + filter + "] output=[" + output + "] skipexisting ensemble=ensemble device=auto");
done = getFileList(output);
print("label images in " + output + ": " + done.length);

files = getFileList(input);
open(input + files[0]);
source = getTitle();
run("Segment Image", "model=[" + model + "] image=[" + source + "] ensemble=ensemble device=auto");
getVoxelSize(pw, ph, pd, unit);
print("label image: " + getTitle() + ", " + getWidth() + "x" + getHeight() + "x" + nSlices + ", " + bitDepth() + "-bit, pixel " + pw + " " + unit);
if (labelImage != "") saveAs("Tiff", labelImage);

function option(text, key, fallback) {
	text = " " + text + " ";
	i = indexOf(text, " " + key + "=");
	if (i < 0) return fallback;
	start = i + lengthOf(key) + 2;
	if (substring(text, start, start + 1) == "[") return substring(text, start + 1, indexOf(text, "]", start));
	return substring(text, start, indexOf(text, " ", start));
}
