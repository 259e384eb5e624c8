/** Owns the handful of inline SVG icons (decorative: every control also has a text name). */

import { svg, type TemplateResult } from "lit";

const icon = (body: TemplateResult) =>
  svg`
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"
      stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>
  `;

export const plusIcon: TemplateResult = icon(svg`
  <path d="M8 3v10M3 8h10" />
`);
export const chevronIcon: TemplateResult = icon(svg`
  <path d="M6 4l4 4-4 4" />
`);
export const menuIcon: TemplateResult = icon(svg`
  <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
`);
export const notesIcon: TemplateResult = icon(
  svg`
    <path
      d="M4 2.5h8a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1zM5.5 6h5M5.5 8.5h5M5.5 11h3" />
  `,
);
export const renameIcon: TemplateResult = icon(
  svg`
    <path d="M10.5 3l2.5 2.5L6 12.5H3.5V10zM9 4.5l2.5 2.5" />
  `,
);
export const killIcon: TemplateResult = icon(
  svg`
    <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.5 8.5h6l.5-8.5" />
  `,
);
export const searchIcon: TemplateResult = icon(svg`
  <circle cx="7" cy="7" r="4" />
  <path d="M10 10l3.5 3.5" />
`);
export const logoIcon: TemplateResult = svg`
  <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false">
    <path d="M7 23V9l9 9 9-9v14" fill="none" stroke="currentColor" stroke-width="3"
      stroke-linecap="round" stroke-linejoin="round" />
  </svg>
`;
export const settingsIcon: TemplateResult = icon(
  svg`
    <circle cx="8" cy="8" r="2" />
    <path
      d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
  `,
);
export const broadcastIcon: TemplateResult = icon(svg`
  <circle cx="8" cy="8" r="1.5" />
  <path
    d="M5.2 5.2a4 4 0 0 0 0 5.6M10.8 5.2a4 4 0 0 1 0 5.6M3 3a7 7 0 0 0 0 10M13 3a7 7 0 0 1 0 10" />
`);
export const closeIcon: TemplateResult = icon(svg`
  <path d="M4 4l8 8M12 4l-8 8" />
`);
export const bellIcon: TemplateResult = icon(
  svg`
    <path d="M4 11.5V7a4 4 0 0 1 8 0v4.5l1 1H3zM6.5 14h3" />
  `,
);
export const bellOffIcon: TemplateResult = icon(
  svg`
    <path d="M4 11.5V7a4 4 0 0 1 .6-2.1M6 3.5A4 4 0 0 1 12 7v3.5M12.5 12.5H3l1-1M6.5 14h3M2 2l12 12" />
  `,
);
export const overviewIcon: TemplateResult = icon(svg`
  <rect x="2" y="2.5" width="5" height="4.5" rx="1" />
  <rect x="9" y="2.5" width="5" height="4.5" rx="1" />
  <rect x="2" y="9" width="5" height="4.5" rx="1" />
  <rect x="9" y="9" width="5" height="4.5" rx="1" />
`);
export const splitIcon: TemplateResult = icon(svg`
  <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
  <path d="M8 2.5v11" />
`);
