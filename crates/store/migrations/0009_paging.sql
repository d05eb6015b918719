-- Keyset paging of the analysis' long lists (a campaign may hold 200,000 comments, a theme
-- more): a page is a range of one index, read from where the last page ended, never an
-- OFFSET walked or a sort of all the members. They replace the one-column indexes of 0007,
-- of which they are extensions (theme sizes are still counted from the first column).
CREATE INDEX campaign_member_page ON campaign_member (campaign, comment);
DROP INDEX campaign_member_by_campaign;
CREATE INDEX theme_member_page ON theme_member (theme, representative, comment);
DROP INDEX theme_member_by_theme;
