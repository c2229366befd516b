// A vertical list of numbered steps (or of points, unnumbered), each with a link, drawn as a large
// button, to the page it is done on.
import { RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { fill } from './conditions';
import type { HelpLine } from './text';

export function StepList({ lines, numbered = true, vars = {}, testId }: { lines: HelpLine[]; numbered?: boolean; vars?: Record<string, string | number>; testId?: string }) {
  const List = numbered ? 'ol' : 'ul';
  return (
    <List className={numbered ? 'sf-help-steps' : 'sf-help-steps sf-help-points'} data-testid={testId}>
      {lines.map((line, i) => (
        <li key={line.text} className="sf-help-step" data-testid={testId && `${testId}-${i + 1}`}>
          {numbered ? <span className="sf-help-step-no">{i + 1}</span> : <span className="sf-help-point" aria-hidden />}
          <div className="sf-help-step-body">
            <p>{fill(line.text, vars)}</p>
            {line.link && (
              <Link to={line.link.to} className="sf-help-go" data-testid={`help-go-${line.link.to}`}>
                {line.link.label} <RightOutlined aria-hidden />
              </Link>
            )}
          </div>
        </li>
      ))}
    </List>
  );
}
