// EmotiJ: classify the expressions of faces you outlined yourself, e.g. where the detector misses a face or you
// want exactly your own crops. Each outline's bounding box is the face crop.
//
// Desktop: open the image, draw a rectangle around each face and press t (ROI Manager), or draw them as one
//          selection holding Shift; then run this macro.
// Headless: bin/emotij macro macros/classify_rois.ijm "input=/path/image.png rois=x,y,w,h;x,y,w,h output=/path/faces.csv"
//           (headless ImageJ has no ROI Manager, so the rectangles become one composite selection)

input = argument("input", "");
rois = argument("rois", "");
output = argument("output", "");
if (input != "") open(input);
if (nImages == 0) fail("Open an image first, or pass input=/path/to/image");
source = "";
if (rois != "") {
    boxes = split(rois, ";");
    for (i = 0; i < boxes.length; i++) {
        v = split(boxes[i], ",");
        if (i > 0) setKeyDown("shift");  // add to the selection
        makeRectangle(parseInt(v[0]), parseInt(v[1]), parseInt(v[2]), parseInt(v[3]));
    }
    setKeyDown("none");
    source = "selection";
} else if (selectionType() != -1) {
    source = "selection";
} else if (roiManager("count") > 0) {
    source = "manager";
}
if (source == "") fail("Outline the faces first: draw a rectangle around each and press t");
run("Clear Results");
run("Classify Expressions", "faces=" + source + " framing=1.0 flip align");
for (i = 0; i < nResults; i++) {
    print("face " + (i + 1) + ": " + getResultString("emotion", i) + " " + d2s(getResult("confidence", i), 2));
}
if (output != "") {
    saveAs("Results", output);
    print("EmotiJ: results in " + output);
}

function argument(key, default) {
    words = split(getArgument(), " ");
    for (i = 0; i < words.length; i++) {
        if (startsWith(words[i], key + "=")) return substring(words[i], lengthOf(key) + 1);
    }
    return default;
}

// stops the macro with an error: an ImageJ error message (bin/emotij macro then exits 1; exit alone would be 0)
function fail(message) {
    call("ij.IJ.error", "EmotiJ", message);
    exit;
}
