import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** The native renderer, loaded with the first picture (most processes never draw one). */
let resvg: typeof import("@resvg/resvg-js") | undefined;
// Inter (Latin and Cyrillic) comes from npm, so the picture looks the same on every machine,
// with or without system fonts.
const FONTS = [
  require.resolve("@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf"),
  require.resolve("@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf"),
];

/** Renders an SVG to PNG at twice its size (sharp on phones), without a browser. */
export function svgToPng(svg: string): Buffer {
  resvg ??= require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const picture = new resvg.Resvg(svg, {
    font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: "Inter" },
    fitTo: { mode: "zoom", value: 2 },
  });
  return picture.render().asPng();
}
