import { useMemo } from 'react';
import { Card, Typography } from 'antd';
import { Marked } from 'marked';
import manual from '../manual/manual.zh.md?raw';
import office from '../manual/office.zh.md?raw';
import { manualImage } from '../manual/manual-images.js';
import { permissionsMarkdown } from '../manual/permissions-table.js';

// Screenshots named in the manual (images/…png) point at the files the build produced.
const markdown = new Marked({
  walkTokens(token) {
    if (token.type === 'image') token.href = manualImage(token.href);
  },
});

/** 帮助: the Chinese user manual (R-MN-1, Art 13), with the permissions table generated from @jir/rules. */
export function ManualPage() {
  // The manual is the project's own file, not user input, so rendering its HTML is safe.
  const html = useMemo(
    () => markdown.parse(`${manual}\n\n${permissionsMarkdown()}\n\n${office}\n`, { async: false }),
    [],
  );
  return (
    <Card data-testid="manual">
      <Typography>
        <div className="manual" dangerouslySetInnerHTML={{ __html: html }} />
        <style>{'.manual img { max-width: 100%; border: 1px solid #eee; margin: 8px 0 16px; }'}</style>
      </Typography>
    </Card>
  );
}
