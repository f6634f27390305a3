import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

export function PageHeader(props: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode; testId?: string }) {
  return (
    <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }} data-testid={props.testId}>
      <div style={{ minWidth: 0, flex: '1 1 260px' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
        {props.subtitle ? (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {props.subtitle}
          </Typography.Text>
        ) : null}
      </div>
      {props.extra ? (
        <Flex wrap gap={8} align="center">
          {props.extra}
        </Flex>
      ) : null}
    </Flex>
  );
}
