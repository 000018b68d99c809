-- The product links of a campaign file (S4) were ordered by 4ALLPORTAL object id, which the
-- target assigns: the same campaign asset could be written with its links in another order
-- after products were created in another order. They now follow the order in which the asset
-- lists its style numbers.
-- Replacing a view drops its column comments, so they are given again.

CREATE OR REPLACE VIEW fourallportal_desired_campaign_files AS
WITH shown AS (
    SELECT c.id, o.id AS product, min(c.position) AS position
    FROM (SELECT id, unnest(style_numbers) AS style_number,
                 generate_subscripts(style_numbers, 1) AS position
          FROM smintio_campaign_assets) c
    JOIN fourallportal_values v ON v.module = 'product' AND v.field = 'style_number'
                               AND json_extract_string(v.value, '$') = c.style_number
    JOIN fourallportal_current o ON o.id = v.object_id
    GROUP BY c.id, o.id
),
products AS (SELECT id, list(product ORDER BY position, product) AS ids FROM shown GROUP BY id),
stock AS (
    SELECT c.id,
           list(DISTINCT coalesce(s.rights_status, 'unknown') ORDER BY coalesce(s.rights_status, 'unknown'))
               FILTER (WHERE coalesce(s.rights_status, 'unknown') <> 'cleared') AS problems
    FROM (SELECT id, unnest(transactions) AS tx FROM smintio_campaign_assets) c
    LEFT JOIN smintio_license_status s ON s.transaction_id = c.tx
    GROUP BY c.id
)
SELECT a.id AS key, 'image' AS type, coalesce(a.name[1].value, a.id) AS name,
       'campaign_visual' AS asset_type,
       CASE a.approval_status WHEN 'approved' THEN 'approved' WHEN 'rejected' THEN 'retired' ELSE 'draft' END AS approval_status,
       'smintio_campaign' AS source, a.id AS smintio_id,
       CASE WHEN len(a.tags) > 0 THEN a.tags END AS tags,
       a.style_numbers[1] AS style_number, p.ids AS products,
       [{'name': r.name, 'width': r.width, 'height': r.height} FOR r IN a.renditions] AS renditions,
       coalesce(st.problems[1], 'cleared') AS rights_status,
       CASE WHEN st.problems IS NULL OR len(st.problems) = 0 THEN a.channels ELSE [] END AS commerce_channels
FROM smintio_campaign_assets a
LEFT JOIN products p ON p.id = a.id
LEFT JOIN stock st ON st.id = a.id
WHERE a.state = 'finalized'
  AND (a.approval_status = 'approved'
       OR a.id IN (SELECT key FROM fourallportal_smintio_files WHERE source = 'smintio_campaign'));
COMMENT ON VIEW fourallportal_desired_campaign_files IS 'S4: approved finalized campaign assets as 4ALLPORTAL files with product links, tags and renditions (key: campaign asset uuid); one rejected later is retired, one that uses stock whose rights are not cleared (or unknown) is offered for no channel.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.key IS 'Key: the Smint.io campaign asset uuid.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.type IS 'Object type of the file to create: always image.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.name IS 'Field name: the asset''s name in its first culture, else its uuid.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.asset_type IS 'Field asset_type: always campaign_visual.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.approval_status IS 'Field approval_status: approved, retired (rejected in Smint.io after it landed) or draft.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.source IS 'Field source: always smintio_campaign.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.smintio_id IS 'Field smintio_id: the campaign asset uuid.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.tags IS 'Field tags: tags creatives gave it; null when none.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.style_number IS 'Field style_number: the first style number the asset shows.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.products IS 'Field products: ids of the 4ALLPORTAL products with a style number the asset shows, in the order the asset lists its style numbers; null when none.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.renditions IS 'Field renditions: name, width and height of each rendition.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.rights_status IS 'Field rights_status: cleared, or the first not-cleared status of the stock it uses (unknown when launchsync does not know the license).';
COMMENT ON COLUMN fourallportal_desired_campaign_files.commerce_channels IS 'Field commerce_channels: the channels it was made for; empty when stock it uses is not cleared.';
