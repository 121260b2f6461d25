# Wrong solution: pushes positive heights, so the min-heap reports the lowest building
import heapq


def skyline(buildings):
    events = sorted({x for left, right, _ in buildings for x in (left, right)})
    by_left = sorted(buildings)
    heap = []  # (-height, right)
    points = []
    i = 0
    for x in events:
        while i < len(by_left) and by_left[i][0] <= x:
            left, right, height = by_left[i]
            heapq.heappush(heap, (height, right))
            i += 1
        while heap and heap[0][1] <= x:
            heapq.heappop(heap)
        height = heap[0][0] if heap else 0
        if not points or points[-1][1] != height:
            points.append((x, height))
    return points
