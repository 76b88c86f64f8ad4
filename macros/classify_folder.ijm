// EmotiJ: classify the faces of every image in a folder into one results.csv plus annotated copies.
// A bad file is logged and skipped; the CSV of the rest is written (see summary.txt).
//
// Desktop: Plugins > Macros > Run... (asks for the folders)
// Headless: bin/emotij macro macros/classify_folder.ijm "input=/path/to/images output=/path/to/results"
//     Fiji: ImageJ-linux64 --headless --console -batch macros/classify_folder.ijm "input=/path/to/images output=/path/to/results"
// Options (all optional): min_face=60 threshold=0.5 recursive=true

input = argument("input", "");
output = argument("output", "");
if (input == "") input = getDirectory("Folder of images to classify");
if (output == "") output = getDirectory("Folder for results.csv and the annotated images");
options = "input=[" + input + "] output=[" + output + "] annotated"
    + " min_face=" + argument("min_face", "60") + " threshold=" + argument("threshold", "0.5")
    + " max_faces=100 framing=1.0 flip align";
recursive = argument("recursive", "false");  // the macro language needs the string in a variable to compare it
if (recursive == "true") options = options + " recursive";
run("Classify Folder", options);
print("EmotiJ: results in " + output + File.separator + "results.csv");

// value of key=value in the macro's argument, or the default
function argument(key, default) {
    words = split(getArgument(), " ");
    for (i = 0; i < words.length; i++) {
        if (startsWith(words[i], key + "=")) return substring(words[i], lengthOf(key) + 1);
    }
    return default;
}
