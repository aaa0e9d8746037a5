import { Group, Text } from '@mantine/core';
import { IconArrowsHorizontal } from '@tabler/icons-react';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import classes from './wide-scroll.module.css';

interface WideScrollProps {
  /** Names the scrolling region for screen readers ("Start-up board"). */
  label: string;
  /** The width below which the content scrolls sideways instead of squeezing. */
  minWidth: number;
  children: ReactNode;
}

interface Overflow {
  left: boolean;
  right: boolean;
}

/**
 * A table wider than the page scrolls sideways inside this region, and says so: a line above
 * it while columns are hidden, a shade on the side they are hidden on, and a scrollbar that is
 * always drawn. A thin scrollbar that only shows on hover hid whole columns from users (#11).
 */
export function WideScroll({ label, minWidth, children }: WideScrollProps) {
  const ref = useRef<HTMLElement>(null);
  const [overflow, setOverflow] = useState<Overflow>({ left: false, right: false });
  const measure = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    const left = element.scrollLeft > 1;
    const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
    setOverflow((current) => (current.left === left && current.right === right ? current : { left, right }));
  }, []);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, [measure]);
  const scrollable = overflow.left || overflow.right;
  return (
    <div>
      {scrollable && (
        <Group gap={4} mb={4} c="dimmed" data-scroll-cue>
          <IconArrowsHorizontal size={14} aria-hidden />
          <Text size="xs">
            {overflow.right ? 'More columns to the right: scroll sideways or use Shift + wheel.' : 'Scrolled to the last column.'}
          </Text>
        </Group>
      )}
      <div className={classes.frame} data-shade-right={overflow.right || undefined}>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it (WCAG 2.1.1). */}
        <section ref={ref} className={classes.scroller} aria-label={label} tabIndex={0} onScroll={measure} data-wide-scroll>
          <div style={{ minWidth }}>{children}</div>
        </section>
      </div>
    </div>
  );
}
