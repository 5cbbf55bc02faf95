/**
 * A headline as shown beside its rating badge: desks often start headlines with the rating
 * ("Accurate: …"), which next to the badge reads "Accurate Accurate: …". The leading rating name
 * and its colon are left out there; the stored headline is unchanged.
 */
export function headlineBesideRating(headline: string, ratingName: string): string {
  const prefix = `${ratingName}:`;
  if (headline.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return headline;
  const rest = headline.slice(prefix.length).trimStart();
  return rest === '' ? headline : rest.charAt(0).toUpperCase() + rest.slice(1);
}
