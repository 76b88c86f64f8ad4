// EmotiJ: classify the faces of every frame of a movie (AVI, opened as a virtual stack) or stack (TIFF...),
// save one CSV row per face, and the plot of the share of each emotion per frame.
//
// Desktop: open the movie, then Plugins > Macros > Run... (or pass input= to open it here)
// Headless: bin/emotij macro macros/classify_movie.ijm "input=/path/movie.avi output=/path/movie.csv"
// Options: min_face=60 threshold=0.5 track=true (follow each face: a track column, a table of tracks and a
// plot per track) max_gap=15 smooth=0

input = argument("input", "");
output = argument("output", "");
if (input != "") {
    // EmotiJ's opener: AVI and large TIFF as virtual stacks (frames read one at a time), headless too
    opened = call("emotij.ij.MacroFunctions.open", input);
    if (startsWith(opened, "error:")) fail(opened);
}
if (nImages == 0) fail("Open a movie or stack first, or pass input=/path/to/movie");
title = getTitle();
run("Clear Results");
options = "faces=detect min_face=" + argument("min_face", "60") + " threshold=" + argument("threshold", "0.5")
    + " max_faces=100 process=all framing=1.0 flip align plot";
track = argument("track", "false");  // the macro language needs the string in a variable to compare it
if (track == "true") options = options + " track max_gap=" + argument("max_gap", "15") + " min_track=3 smooth=" + argument("smooth", "0");
run("Classify Expressions", options);
print("EmotiJ: " + nResults + " faces in " + nSlices + " planes of " + title);
if (output == "") output = getDirectory("temp") + title + "_emotij.csv";
saveAs("Results", output);
print("EmotiJ: results in " + output);

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
