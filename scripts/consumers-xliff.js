// Reads an XLIFF 2.0 file with the `xliff` package (npm) and checks that
// its units hold the same source and target texts, in the same order, as
// the memory's rows that mizan converts to JSON lines.
//
//   NODE_PATH=... node scripts/consumers-xliff.js FILE.xlf ROWS.jsonl
const fs = require("fs");
const xliff2js = require("xliff/xliff2js");

const [xlf, rows] = process.argv.slice(2);
const want = fs
  .readFileSync(rows, "utf8")
  .split("\n")
  .filter((l) => l)
  .map((l) => JSON.parse(l));
xliff2js(fs.readFileSync(xlf, "utf8"), (err, res) => {
  if (err) {
    console.log(`consumers: FAIL xliff (npm) ${xlf}: ${err}`);
    process.exit(1);
  }
  const got = [];
  for (const file of Object.values(res.resources)) {
    for (const unit of Object.values(file)) {
      got.push([unit.source, unit.target]);
    }
  }
  // Units are grouped by document in the XLIFF; compare as sorted lists.
  const key = (p) => JSON.stringify(p);
  const a = got.map(key).sort();
  const b = want.map((r) => key([r.source, r.target])).sort();
  const same = a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same) {
    console.log(
      `consumers: FAIL xliff (npm) ${xlf}: ${a.length} units read, ${b.length} expected, or texts differ`
    );
    process.exit(1);
  }
  console.log(
    `consumers: ok xliff (npm) ${xlf}: ${a.length} units, ${res.sourceLanguage} to ${res.targetLanguage}`
  );
});
