// The GitHub Marketplace checks action.yml only when a release is published with "Publish this Action to the
// GitHub Marketplace" ticked, at the release's tag: a field it refuses passes every other check and then blocks
// the listing of a version that is already tagged. These are its rules, written down so CI catches them first.
//
// - https://docs.github.com/en/actions/how-tos/create-and-publish-actions/publish-in-github-marketplace
//   (name: unique, not a user's or organization's name, not a category, not a GitHub feature)
// - https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#branding
//   (branding.color and branding.icon, the two sets below)
// - the publish form's own message for the description: "Description must be less than 125 characters".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './action-yml';

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  name?: unknown;
  description?: unknown;
  author?: unknown;
  branding?: { icon?: unknown; color?: unknown };
};

/** The badge colours the metadata syntax allows ("branding.color"). */
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];

/**
 * The Feather (v4.28.0) icons the metadata syntax allows ("branding.icon", its exhaustive list; brand icons
 * and coffee, columns, divide*, frown, hexagon, key, meh, mouse-pointer, smile, tool and x-octagon are left out).
 */
const BRANDING_ICONS = `
  activity airplay alert-circle alert-octagon alert-triangle align-center align-justify align-left align-right
  anchor aperture archive arrow-down-circle arrow-down-left arrow-down-right arrow-down arrow-left-circle
  arrow-left arrow-right-circle arrow-right arrow-up-circle arrow-up-left arrow-up-right arrow-up at-sign award
  bar-chart-2 bar-chart battery-charging battery bell-off bell bluetooth bold book-open book bookmark box
  briefcase calendar camera-off camera cast check-circle check-square check chevron-down chevron-left
  chevron-right chevron-up chevrons-down chevrons-left chevrons-right chevrons-up circle clipboard clock
  cloud-drizzle cloud-lightning cloud-off cloud-rain cloud-snow cloud code command compass copy corner-down-left
  corner-down-right corner-left-down corner-left-up corner-right-down corner-right-up corner-up-left
  corner-up-right cpu credit-card crop crosshair database delete disc dollar-sign download-cloud download
  droplet edit-2 edit-3 edit external-link eye-off eye fast-forward feather file-minus file-plus file-text file
  film filter flag folder-minus folder-plus folder gift git-branch git-commit git-merge git-pull-request globe
  grid hard-drive hash headphones heart help-circle home image inbox info italic layers layout life-buoy link-2
  link list loader lock log-in log-out mail map-pin map maximize-2 maximize menu message-circle message-square
  mic-off mic minimize-2 minimize minus-circle minus-square minus monitor moon more-horizontal more-vertical move
  music navigation-2 navigation octagon package paperclip pause-circle pause percent phone-call phone-forwarded
  phone-incoming phone-missed phone-off phone-outgoing phone pie-chart play-circle play plus-circle plus-square
  plus pocket power printer radio refresh-ccw refresh-cw repeat rewind rotate-ccw rotate-cw rss save scissors
  search send server settings share-2 share shield-off shield shopping-bag shopping-cart shuffle sidebar
  skip-back skip-forward slash sliders smartphone speaker square star stop-circle sun sunrise sunset table
  tablet tag target terminal thermometer thumbs-down thumbs-up toggle-left toggle-right trash-2 trash
  trending-down trending-up triangle truck tv type umbrella underline unlock upload-cloud upload user-check
  user-minus user-plus user-x user users video-off video voicemail volume-1 volume-2 volume-x volume watch
  wifi-off wifi wind x-circle x-square x zap-off zap zoom-in zoom-out
`
  .trim()
  .split(/\s+/);

/** "Description must be less than 125 characters." */
const DESCRIPTION_LIMIT = 125;

describe('the GitHub Marketplace listing (action.yml)', () => {
  it('has a one-line name that cannot be a GitHub user or organization name', () => {
    expect(typeof action.name).toBe('string');
    const name = action.name as string;
    expect(name).toBe(name.trim());
    expect(name).not.toMatch(/\n/);
    // Logins are letters, digits and hyphens: a name with a space can never be one.
    expect(name).toMatch(/\s/);
    // The Marketplace's uniqueness is checked only by GitHub; "GitHub" in a name reads as one of its features.
    expect(name).not.toMatch(/github/i);
  });

  it(`has a description shorter than ${DESCRIPTION_LIMIT} characters, on one line`, () => {
    expect(typeof action.description).toBe('string');
    const description = action.description as string;
    expect(description).not.toMatch(/\n/);
    expect(description.length).toBeGreaterThan(0);
    expect(description.length).toBeLessThan(DESCRIPTION_LIMIT);
  });

  it("has an author, and a branding icon and colour from GitHub's sets", () => {
    expect(action.author).toEqual(expect.any(String));
    expect(BRANDING_ICONS).toHaveLength(257);
    expect(BRANDING_ICONS).toContain(action.branding?.icon);
    expect(BRANDING_COLORS).toContain(action.branding?.color);
  });
});
