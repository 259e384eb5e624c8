/** The page's entry point: defines every element; `<maestro-app>` in index.html does the rest. */

import "./shell/maestro-app.ts";
